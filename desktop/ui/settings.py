"""Where the app keeps its settings and the student's files (Qt's standard per-user paths)."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORG = "Stackscope"
APP = "Stackscope"


def settings() -> QSettings:
    """An INI file in the user's config folder (or $STACKSCOPE_HOME/settings.ini for tests)."""
    home = os.environ.get("STACKSCOPE_HOME")
    if home:
        return QSettings(str(Path(home) / "settings.ini"), QSettings.IniFormat)
    return QSettings(QSettings.IniFormat, QSettings.UserScope, ORG, APP)


def data_dir() -> Path:
    """The user's data folder (progress, logs, their own lessons); created on first use."""
    home = os.environ.get("STACKSCOPE_HOME")
    base = Path(home) if home else Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation))
    base.mkdir(parents=True, exist_ok=True)
    return base
