"""Where the app keeps its settings and the student's files (Qt's standard per-user paths).

The app must start on any disk: a read-only home, a read-only or missing (and uncreatable)
``STACKSCOPE_HOME``, a full disk. ``data_folder()`` tries the usual folder once per process,
and when it cannot be created or written falls back to a fresh temporary folder, remembering
where it wanted to write and why it could not; the UI shows that progress will not be kept.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORG = "Stackscope"
APP = "Stackscope"


@dataclass(frozen=True)
class DataFolder:
    """Where the app writes (``path``), where it wanted to (``wanted``), and whether that is a
    temporary stand-in (``fallback``) because ``wanted`` could not be written (``reason``)."""

    path: Path
    wanted: Path
    fallback: bool = False
    reason: str = ""


_FOLDERS: dict[str, DataFolder] = {}


def settings() -> QSettings:
    """An INI file in the user's config folder (or $STACKSCOPE_HOME/settings.ini for tests).

    QSettings never raises: on a read-only disk it reads what is there and quietly keeps changes
    in memory."""
    home = os.environ.get("STACKSCOPE_HOME")
    if home:
        return QSettings(str(Path(home) / "settings.ini"), QSettings.IniFormat)
    return QSettings(QSettings.IniFormat, QSettings.UserScope, ORG, APP)


def wanted_data_dir() -> Path:
    """The folder the app would like to keep its data in."""
    home = os.environ.get("STACKSCOPE_HOME")
    if home:
        return Path(home)
    location = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation)
    return Path(location) if location else Path(tempfile.gettempdir()) / "Stackscope"


def _writable(folder: Path) -> str:
    """'' if ``folder`` exists (created if need be) and a file can be written in it, else why."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".stackscope-probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return exc.strerror or str(exc)
    return ""


def data_folder() -> DataFolder:
    """The data folder and whether it is a temporary stand-in; decided once per wanted folder."""
    wanted = wanted_data_dir()
    key = str(wanted)
    found = _FOLDERS.get(key)
    if found is not None and (found.fallback or found.path.is_dir()):
        return found
    reason = _writable(wanted)
    if not reason:
        found = DataFolder(wanted, wanted)
    else:
        try:
            found = DataFolder(Path(tempfile.mkdtemp(prefix="stackscope-")), wanted, True, reason)
            atexit.register(shutil.rmtree, found.path, ignore_errors=True)   # nothing is kept
        except OSError as exc:  # no temporary folder either: keep to memory (writes fail, calmly)
            found = DataFolder(wanted, wanted, True, f"{reason}; no temporary folder: {exc.strerror or exc}")
    _FOLDERS[key] = found
    return found


def data_dir() -> Path:
    """The user's data folder (progress, logs, their own lessons); created on first use, or a
    temporary one when it cannot be (see ``data_folder``)."""
    return data_folder().path


def user_lessons_dir() -> Path:
    """The folder for the student's own lessons: inside the data folder, or, when that is a
    temporary stand-in, the usual one if it exists (it can still be read)."""
    folder = data_folder()
    if folder.fallback and (folder.wanted / "lessons").is_dir():
        return folder.wanted / "lessons"
    return folder.path / "lessons"
