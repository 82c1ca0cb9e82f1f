"""The core must import and run without Qt: a fresh interpreter proves it."""
from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import desktop.core

ROOT = Path(__file__).resolve().parents[1]


def core_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(desktop.core.__path__, "desktop.core."))


def test_core_imports_without_qt() -> None:
    modules = core_modules()
    assert "desktop.core.stack.reader" in modules and "desktop.core.stack.graph" in modules
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "from desktop.core.stack.reader import load_stack_or_raise\n"
        "from desktop import resources\n"
        "load_stack_or_raise(resources.layers_file())\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core pulled in Qt: {out.stdout}"


def test_no_core_source_mentions_qt() -> None:
    """An import-linter-style contract: no core module may even name a Qt binding."""
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|pyqtgraph|PyQt\d)\b", re.M)
    offenders = [p.name for p in (ROOT / "desktop" / "core").rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
