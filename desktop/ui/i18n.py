"""Translations: the app loads ``assets/i18n/stackscope_<locale>.qm`` for the system locale
when one exists (English, the source language, needs none).

Every user-visible string in ``desktop/ui`` goes through ``self.tr`` or
``QCoreApplication.translate``; ``python -m desktop.ui.i18n`` re-extracts them with
``pyside6-lupdate`` into ``assets/i18n/stackscope.ts``, the file translators start from.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desktop import resources

TS_NAME = "stackscope.ts"


def i18n_dir() -> Path:
    return resources.path("assets", "i18n")


def install_translator(app: QCoreApplication, locale: QLocale | None = None) -> QTranslator | None:
    """Load the best .qm for ``locale`` (default: the system's); None when there is none."""
    translator = QTranslator(app)
    if translator.load(locale or QLocale.system(), "stackscope", "_", str(i18n_dir())):
        app.installTranslator(translator)
        return translator
    return None


def ui_sources() -> list[Path]:
    return sorted(Path(__file__).resolve().parent.glob("*.py"))


def extract(ts: Path | None = None) -> int:
    """Run pyside6-lupdate over the UI sources into the .ts file."""
    import subprocess

    ts = ts or i18n_dir() / TS_NAME
    ts.parent.mkdir(parents=True, exist_ok=True)
    cmd = ["pyside6-lupdate", *map(str, ui_sources()), "-ts", str(ts), "-no-obsolete", "-locations", "none"]
    return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    sys.exit(extract())
