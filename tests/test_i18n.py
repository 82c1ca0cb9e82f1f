"""Every user-visible string of the views is translatable, and the .ts file translators start
from is current."""
from __future__ import annotations

import ast
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.ui.i18n import TS_NAME, extract, i18n_dir, ui_sources

# Qt setters whose string argument a person reads.
VISIBLE = {"setText", "setToolTip", "setAccessibleName", "setWindowTitle", "setPlaceholderText",
           "setStatusTip", "setSuffix", "addRow", "setTitle", "setFormat"}
# Files whose strings are still literal (drawn text, dialogs) — to be wrapped; listed so that
# no new file joins them.
NOT_YET = {"theme.py", "column.py", "flow_plots.py", "load_plots.py", "dialogs.py", "export.py",
           "lens_items.py", "render.py", "app.py", "markdown_view.py", "fonts.py", "settings.py"}


def _words(text: str) -> bool:
    """Text with letters in it is read as words (numbers, units' symbols and punctuation are not)."""
    return sum(c.isalpha() for c in re.sub(r"<[^>]*>", "", text)) >= 3   # markup is not words


def _messages(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {(ctx.findtext("name") or "", m.findtext("source") or "")
            for ctx in root.iter("context") for m in ctx.iter("message")}


def test_the_ts_file_is_current(tmp_path) -> None:
    if shutil.which("pyside6-lupdate") is None:
        pytest.skip("pyside6-lupdate is not on PATH")
    fresh = tmp_path / TS_NAME
    assert extract(fresh) == 0
    shipped = _messages(i18n_dir() / TS_NAME)
    assert _messages(fresh) == shipped, "run: python -m desktop.ui.i18n"
    assert len(shipped) > 150 and ("Panels", "Lessons") in shipped


def test_visible_strings_go_through_translation() -> None:
    literal = []
    for path in ui_sources():
        if path.name in NOT_YET:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in VISIBLE and node.args):
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and _words(first.value):
                    literal.append(f"{path.name}:{node.lineno}: {first.value!r}")
                if isinstance(first, ast.JoinedStr) and any(
                        isinstance(v, ast.Constant) and _words(str(v.value)) for v in first.values):
                    literal.append(f"{path.name}:{node.lineno}: an f-string with words")
    assert literal == [], "\n".join(literal)


def test_a_translation_is_loaded_for_its_locale(tmp_path, monkeypatch) -> None:
    from PySide6.QtCore import QCoreApplication, QLocale

    from desktop.ui import i18n

    if shutil.which("pyside6-lrelease") is None:
        pytest.skip("pyside6-lrelease is not on PATH")
    ts = tmp_path / "stackscope_fr.ts"
    ts.write_text('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="fr">'
                  '<context><name>Panels</name><message><source>Lessons</source>'
                  '<translation>Leçons</translation></message></context></TS>', encoding="utf-8")
    import subprocess

    subprocess.run(["pyside6-lrelease", str(ts), "-qm", str(tmp_path / "stackscope_fr.qm")], check=True,
                   capture_output=True)
    monkeypatch.setattr(i18n, "i18n_dir", lambda: tmp_path)
    from desktop.ui.app import make_app

    app = make_app()
    translator = i18n.install_translator(app, QLocale("fr_FR"))
    try:
        assert translator is not None
        assert QCoreApplication.translate("Panels", "Lessons") == "Leçons"
    finally:
        app.removeTranslator(translator)
