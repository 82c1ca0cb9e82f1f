"""No attribute of a Qt class of ours hides a Qt method (``self.window = …`` once turned every
key that passed through a panel into "'MainWindow' object is not callable")."""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import desktop.ui

ROOT = Path(desktop.ui.__file__).resolve().parent


def _qt_classes():
    from PySide6.QtCore import QObject

    for info in pkgutil.iter_modules(desktop.ui.__path__, "desktop.ui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, QObject):
                yield module, cls


def _assigned_names(cls) -> set[str]:
    """Every ``self.NAME = …`` in the class's own methods, and its class-level names."""
    tree = ast.parse(inspect.getsource(cls))
    names: set[str] = set()
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
        for target in targets:
            if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                    and target.value.id == "self"):
                names.add(target.attr)
    klass = tree.body[0]
    for node in klass.body:
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_the_walk_finds_our_widgets() -> None:
    found = {cls.__name__ for _m, cls in _qt_classes()}
    assert {"MainWindow", "FlowPanel", "LessonPanel", "ColumnView"} <= found


def test_no_attribute_shadows_a_qt_method() -> None:
    offenders = []
    for module, cls in _qt_classes():
        qt_bases = [b for b in cls.__mro__ if b.__module__.startswith(("PySide6", "shiboken6"))]
        qt_names = {n for base in qt_bases for n in dir(base) if not n.startswith("_")}
        for name in _assigned_names(cls) & qt_names:
            offenders.append(f"{module.__name__}.{cls.__name__}.{name}")
    assert offenders == [], "these hide a Qt method of the same name: " + ", ".join(sorted(offenders))
