"""Issue 16, rows 4 and 10: a failed save shows at once, is retried, can be saved elsewhere at
quit; a second running copy never overwrites the first one's progress; stray temps go."""
from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.learn import progress
from desktop.core.learn.progress import FILE_NAME, LessonProgress, ProgressStore, SaveStatus

ROOT = Path(__file__).resolve().parents[1]
_WRITE = progress.write_atomic


def _disk_full(monkeypatch) -> list[bool]:
    """write_atomic fails with ENOSPC while the returned flag list is non-empty."""
    full = [True]
    real = progress.write_atomic

    def write(path: Path, text: str) -> None:
        if full:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, text)

    monkeypatch.setattr(progress, "write_atomic", write)
    return full


def test_a_full_disk_is_announced_at_once_and_retried(tmp_path: Path, monkeypatch) -> None:
    store = ProgressStore(tmp_path)
    seen: list[SaveStatus] = []
    store.subscribe(seen.append)
    full = _disk_full(monkeypatch)
    assert not store.put(LessonProgress("dns", step=2))
    assert seen[-1].ok is False and seen[-1].reason == progress.DISK_FULL
    assert store.unsaved and "No space left" in store.save_error
    full.clear()                                       # space freed: the next change saves all
    assert store.put(LessonProgress("tls", step=1))
    assert seen[-1].ok and not store.unsaved and store.save_error is None
    assert set(ProgressStore(tmp_path).lessons()) == {"dns", "tls"}


def test_progress_json_a_folder_is_reported_as_such(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).mkdir()
    store = ProgressStore(tmp_path)
    seen: list[SaveStatus] = []
    store.subscribe(seen.append)
    assert not store.put(LessonProgress("dns"))
    assert seen and seen[-1].reason == progress.IS_A_FOLDER


def test_save_elsewhere_writes_a_copy(tmp_path: Path, monkeypatch) -> None:
    store = ProgressStore(tmp_path / "home")
    _disk_full(monkeypatch)
    store.put(LessonProgress("dns", step=3))
    monkeypatch.setattr(progress, "write_atomic", _WRITE)      # the USB stick has room
    result = store.save_to(tmp_path / "usb")
    assert result.ok and result.path == tmp_path / "usb" / FILE_NAME
    assert ProgressStore(tmp_path / "usb").get("dns").step == 3


def test_a_callback_that_raises_breaks_nothing(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)

    def broken(_status: SaveStatus) -> None:
        raise RuntimeError("a view with a bug")

    store.subscribe(broken)
    assert store.put(LessonProgress("dns"))


def test_a_read_only_store_never_writes(tmp_path: Path) -> None:
    ProgressStore(tmp_path).put(LessonProgress("dns", step=4))
    before = (tmp_path / FILE_NAME).read_bytes()
    second = ProgressStore(tmp_path, read_only=True)
    assert second.get("dns").step == 4                   # it reads the first copy's progress
    assert second.status.reason == progress.LOCKED
    assert not second.put(LessonProgress("dns", step=9))
    assert (tmp_path / FILE_NAME).read_bytes() == before


def test_stray_temporary_files_are_removed_at_start(tmp_path: Path) -> None:
    fresh = tmp_path / ".progress-abc123.tmp"
    fresh.write_text("{half a sa", encoding="utf-8")
    ProgressStore(tmp_path, read_only=True)
    assert fresh.exists()                                # maybe the running copy's save
    ProgressStore(tmp_path)
    assert not fresh.exists()                            # the lock holder is the only writer


# --- the banner, the lock, the quit-time offer (Qt) ----------------------------------------------

def test_the_banner_shows_a_failed_save_and_hides_after_a_good_one(qtbot, tmp_path: Path, monkeypatch) -> None:
    from desktop.ui.save_banner import SaveBanner
    from desktop.ui.settings import DataFolder

    from PySide6.QtWidgets import QVBoxLayout, QWidget

    store = ProgressStore(tmp_path)
    panel = QWidget()                                   # as the lesson panel would hold it
    qtbot.addWidget(panel)
    banner = SaveBanner(panel, folder=DataFolder(tmp_path, tmp_path))
    QVBoxLayout(panel).addWidget(banner)
    banner.attach(store)
    panel.show()
    assert not banner.isVisible()
    full = _disk_full(monkeypatch)
    store.put(LessonProgress("dns"))
    assert banner.isVisible() and banner.message() == "Progress not saved: disk full"
    assert banner.retry_button.isVisible()
    full.clear()
    banner.retry_button.click()
    assert not banner.isVisible() and not store.unsaved


LOCK_HOLDER = r"""
import sys
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1]); lock.setStaleLockTime(0)
print("locked" if lock.tryLock(0) else "busy", flush=True)
sys.stdin.readline()
"""


def test_a_second_copy_opens_progress_read_only(qtbot, tmp_path: Path) -> None:
    from desktop.ui.save_banner import LOCK_NAME, SaveBanner, open_progress_store, release_locks
    from desktop.ui.settings import DataFolder

    folder = tmp_path / "home"
    folder.mkdir()
    first = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(folder / LOCK_NAME)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert first.stdout.readline().strip() == "locked"
        store = open_progress_store(folder)
        assert store.read_only and store.status.reason == "locked"
        banner = SaveBanner(folder=DataFolder(folder, folder))
        qtbot.addWidget(banner)
        banner.attach(store)
        assert "another Stackscope window" in banner.message()
        assert not banner.retry_button.isVisibleTo(banner)
    finally:
        first.communicate("\n", timeout=30)
    release_locks()
    again = open_progress_store(folder)                  # the first copy quit: writable again
    assert not again.read_only
    release_locks()


@pytest.mark.parametrize("answers,expected,saved", [
    (["stay"], False, False),
    (["quit"], True, False),
    (["save"], True, True),
])
def test_quit_offers_to_save_elsewhere(answers, expected, saved, tmp_path: Path, monkeypatch) -> None:
    from desktop.ui import save_banner
    from desktop.ui.settings import DataFolder

    store = ProgressStore(tmp_path / "home")
    _disk_full(monkeypatch)
    store.put(LessonProgress("dns", step=2))
    monkeypatch.setattr(progress, "write_atomic", _WRITE)
    asked: list[str] = []
    replies = iter(answers)
    monkeypatch.setattr(save_banner, "ask_at_quit", lambda parent, why: asked.append(why) or next(replies))
    monkeypatch.setattr(save_banner, "choose_folder", lambda parent: str(tmp_path / "usb"))
    home = DataFolder(tmp_path / "home", tmp_path / "home")
    assert save_banner.offer_save_elsewhere(None, store, home) is expected
    assert asked == ["Progress not saved: disk full"]
    assert (tmp_path / "usb" / FILE_NAME).exists() is saved


def test_quit_asks_nothing_when_progress_is_kept(tmp_path: Path, monkeypatch) -> None:
    from desktop.ui import save_banner
    from desktop.ui.settings import DataFolder

    store = ProgressStore(tmp_path)
    store.put(LessonProgress("dns"))
    monkeypatch.setattr(save_banner, "ask_at_quit", lambda parent, why: pytest.fail("asked"))
    assert save_banner.offer_save_elsewhere(None, store, DataFolder(tmp_path, tmp_path))


def test_quit_offers_for_a_read_only_folder_but_not_a_second_copy(tmp_path: Path, monkeypatch) -> None:
    from desktop.ui import save_banner
    from desktop.ui.settings import DataFolder

    asked: list[str] = []
    monkeypatch.setattr(save_banner, "ask_at_quit", lambda parent, why: asked.append(why) or "quit")
    home = DataFolder(tmp_path, tmp_path)
    read_only = ProgressStore(tmp_path, read_only=True, read_only_reason=progress.READ_ONLY)
    read_only.put(LessonProgress("dns"))
    assert save_banner.offer_save_elsewhere(None, read_only, home) and len(asked) == 1
    second = ProgressStore(tmp_path, read_only=True)
    second.put(LessonProgress("dns"))
    assert save_banner.offer_save_elsewhere(None, second, home) and len(asked) == 1
