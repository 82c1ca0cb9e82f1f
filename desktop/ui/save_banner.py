"""The student always knows whether their progress is being kept.

* ``SaveBanner``: a small strip that says "Progress not saved: disk full" (or why else) the
  moment a save fails, hides again after the next good save ("Try again" retries at once), and
  says so too when the app runs on a temporary folder because its own cannot be written. Place
  one wherever it should show (the lesson panel) and ``attach(store)`` it to the
  ``ProgressStore``; ``status_banner(window)`` is the one in the status bar, made on first use.
* ``open_progress_store(folder)``: the store, guarded by a ``QLockFile`` so a second running copy
  opens it read-only (and says so) instead of overwriting the first copy's progress.
* ``offer_save_elsewhere(parent, store)``: call from ``closeEvent``; when progress could not be
  kept, offers to save it to another folder. Returns False if the student chose to stay.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile
from PySide6.QtWidgets import (QFileDialog, QFrame, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QWidget)

from desktop.core.learn import progress as _progress
from desktop.core.learn.progress import ProgressStore, SaveStatus
from desktop.ui.settings import DataFolder, data_folder

LOCK_NAME = "progress.lock"
_LOCKS: dict[str, QLockFile] = {}     # held for the life of the process


def reason_text(reason: str) -> str:
    """The reason code of a ``SaveStatus``, in the student's language."""
    return {
        _progress.DISK_FULL: QCoreApplication.translate("SaveBanner", "disk full"),
        _progress.READ_ONLY: QCoreApplication.translate("SaveBanner", "the folder is read-only"),
        _progress.IS_A_FOLDER: QCoreApplication.translate("SaveBanner", "progress.json is a folder"),
        _progress.LOCKED: QCoreApplication.translate("SaveBanner", "another Stackscope window is open and keeps your progress"),
        _progress.UNREADABLE: QCoreApplication.translate("SaveBanner", "the progress file cannot be read, so it is left untouched"),
    }.get(reason, QCoreApplication.translate("SaveBanner", "the file could not be written"))


def status_message(status: SaveStatus) -> str:
    """'' when saved, else the one line the banner shows."""
    if status.ok:
        return ""
    return QCoreApplication.translate("SaveBanner", "Progress not saved: %1").replace("%1", reason_text(status.reason))


def storage_message(folder: DataFolder) -> str:
    """'' when the data folder is the usual one, else why progress will not be kept."""
    if not folder.fallback:
        return ""
    return (QCoreApplication.translate("SaveBanner", "Progress will not be kept: %1 cannot be written (%2). Make that folder writable, "
                "or set STACKSCOPE_HOME to one that is.")
            .replace("%1", str(folder.wanted)).replace("%2", folder.reason))


class SaveBanner(QFrame):
    """A one-line warning strip, hidden while progress is being kept."""

    def __init__(self, parent: QWidget | None = None, *, folder: DataFolder | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveBanner")
        self.setFrameShape(QFrame.StyledPanel)
        self.setStyleSheet("#saveBanner { background: #fff4ce; color: #4a3b00; border: 1px solid #e0c060; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(QCoreApplication.translate("SaveBanner", "Progress warning"))
        row.addWidget(self.label, 1)
        self.retry_button = QPushButton(QCoreApplication.translate("SaveBanner", "Try again"))
        self.retry_button.setAccessibleName(QCoreApplication.translate("SaveBanner", "Try saving your progress again"))
        self.retry_button.clicked.connect(self._retry)
        row.addWidget(self.retry_button)
        self._folder = folder if folder is not None else data_folder()
        self._store: ProgressStore | None = None
        self._unsubscribe = None
        self._status: SaveStatus | None = None
        self._refresh()

    def attach(self, store: ProgressStore) -> None:
        """Follow ``store``: shown at once if its last save failed, updated on every save."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._store = store
        self._unsubscribe = store.subscribe(self.show_status)
        self.show_status(store.status)

    def show_status(self, status: SaveStatus) -> None:
        self._status = status
        self._refresh()

    def message(self) -> str:
        """What the banner says now ('' when hidden)."""
        if self._status is not None and not self._status.ok:
            return status_message(self._status)
        return storage_message(self._folder)

    def _refresh(self) -> None:
        text = self.message()
        self.label.setText(text)
        self.label.setToolTip(self._status.detail if self._status is not None and not self._status.ok else "")
        failed = self._status is not None and not self._status.ok
        self.retry_button.setVisible(failed and self._status.reason != _progress.LOCKED)
        self.setVisible(bool(text))
        self.setAccessibleDescription(text)

    def _retry(self) -> None:
        if self._store is not None:
            self._store.retry()


def open_progress_store(folder: str | Path) -> ProgressStore:
    """The progress store in ``folder``, read-only if another running copy holds its lock.

    The lock (``progress.lock``, a ``QLockFile`` that never goes stale by age: only when the
    process that holds it is gone) is kept for the life of this process. When ``folder`` is the
    temporary stand-in for a data folder that cannot be written but holds the student's
    progress, that progress is opened read-only instead: shown, never overwritten, and the
    banner says it is not being saved."""
    folder = Path(folder)
    stand_in = data_folder()
    if stand_in.fallback and folder == stand_in.path and (stand_in.wanted / _progress.FILE_NAME).is_file():
        return ProgressStore(stand_in.wanted, read_only=True, read_only_reason=_progress.READ_ONLY)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    key = str(folder.resolve())
    lock = _LOCKS.get(key)
    held = lock is not None
    if not held:
        lock = QLockFile(str(folder / LOCK_NAME))
        lock.setStaleLockTime(0)
        held = lock.tryLock(0)
        if held:
            _LOCKS[key] = lock
        elif lock.error() != QLockFile.LockFailedError:
            # no lock can be made at all (read-only folder): nobody else can write there either
            held = True
    return ProgressStore(folder, read_only=not held)


def release_locks() -> None:
    """Give up every progress lock (tests; the OS does it at exit anyway)."""
    for lock in _LOCKS.values():
        lock.unlock()
    _LOCKS.clear()


def offer_save_elsewhere(parent: QWidget | None, store: ProgressStore,
                         folder: DataFolder | None = None) -> bool:
    """At quit: if progress was not kept, offer to save it to another folder.

    Returns True when the app may close (saved elsewhere, nothing to save, or the student chose
    to quit anyway), False when they chose to stay. Call it from ``closeEvent`` and ignore the
    event on False."""
    folder = folder if folder is not None else data_folder()
    # a second running copy (locked) does not offer: the first copy keeps the progress
    lost = store.unsaved and store.status.reason != _progress.LOCKED
    temporary = folder.fallback and bool(store.lessons())
    if not (lost or temporary):
        return True
    why = status_message(store.status) if lost else storage_message(folder)
    while True:
        answer = ask_at_quit(parent, why)
        if answer == "stay":
            return False
        if answer != "save":
            return True
        chosen = choose_folder(parent)
        if not chosen:
            continue
        result = store.save_to(chosen)
        if result.ok:
            return True
        why = status_message(result)


def ask_at_quit(parent: QWidget | None, why: str) -> str:
    """'save', 'quit' or 'stay': the student's answer to "save your progress elsewhere?"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Warning)
    box.setWindowTitle(QCoreApplication.translate("SaveBanner", "Progress not saved"))
    box.setText(why)
    box.setInformativeText(QCoreApplication.translate("SaveBanner", "Save your progress to another folder before quitting?"))
    save = box.addButton(QCoreApplication.translate("SaveBanner", "Save elsewhere…"), QMessageBox.AcceptRole)
    quit_anyway = box.addButton(QCoreApplication.translate("SaveBanner", "Quit without saving"), QMessageBox.DestructiveRole)
    box.addButton(QCoreApplication.translate("SaveBanner", "Cancel"), QMessageBox.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    return "save" if clicked is save else "quit" if clicked is quit_anyway else "stay"


def choose_folder(parent: QWidget | None) -> str:
    """A folder chosen by the student ('' if they cancelled)."""
    return QFileDialog.getExistingDirectory(parent, QCoreApplication.translate("SaveBanner", "Save progress in this folder"))


def install_status_banner(window) -> SaveBanner:
    """A ``SaveBanner`` in ``window``'s status bar (visible only when there is something to say),
    kept as ``window.save_banner``."""
    banner = SaveBanner(window)
    window.statusBar().addPermanentWidget(banner)
    window.save_banner = banner
    return banner


def status_banner(window) -> SaveBanner:
    """``window``'s status-bar banner, made on first use (start-up makes one only when the data
    folder is a temporary stand-in, so a normal start pays nothing for it)."""
    banner = getattr(window, "save_banner", None)
    return banner if isinstance(banner, SaveBanner) else install_status_banner(window)
