"""Issue 16, rows 2 and 5: start on any disk, and a cache that is data, never code."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import resources

ROOT = Path(__file__).resolve().parents[1]


def _unwritable(tmp_path: Path) -> Path:
    """A folder that cannot be created, even by root: its parent is a regular file."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    return blocker / "stackscope"


def test_an_unwritable_data_folder_falls_back_to_a_temporary_one(tmp_path: Path, monkeypatch) -> None:
    from desktop.ui import settings as s

    wanted = _unwritable(tmp_path)
    monkeypatch.setenv("STACKSCOPE_HOME", str(wanted))
    folder = s.data_folder()
    assert folder.fallback and folder.wanted == wanted and folder.reason
    assert folder.path.is_dir() and folder.path != wanted
    (folder.path / "probe").write_text("ok", encoding="utf-8")        # it really is writable
    assert s.data_dir() == folder.path                                 # the same one every time


def test_a_writable_data_folder_is_used_as_is(tmp_path: Path, monkeypatch) -> None:
    from desktop.ui import settings as s

    monkeypatch.setenv("STACKSCOPE_HOME", str(tmp_path / "new"))
    folder = s.data_folder()
    assert not folder.fallback and folder.path == tmp_path / "new" and folder.path.is_dir()
    assert not list(folder.path.iterdir())                             # the probe cleaned up


def test_the_banner_says_where_it_must_be_writable(qtbot, tmp_path: Path, monkeypatch) -> None:
    from desktop.ui.save_banner import SaveBanner
    from desktop.ui.settings import data_folder

    wanted = _unwritable(tmp_path)
    monkeypatch.setenv("STACKSCOPE_HOME", str(wanted))
    banner = SaveBanner(folder=data_folder())
    qtbot.addWidget(banner)
    banner.show()
    assert banner.isVisible()
    assert "Progress will not be kept" in banner.message() and str(wanted) in banner.message()


def test_logging_never_stops_the_start(tmp_path: Path, monkeypatch) -> None:
    """The log file cannot be opened in the data folder: the temporary folder, else nowhere."""
    import logging

    from desktop.ui import app

    monkeypatch.setattr("desktop.ui.settings.data_dir", lambda: _unwritable(tmp_path))
    handler, path = app._log_handler()
    assert path is None or path.parent != _unwritable(tmp_path)
    handler.close()

    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(logging, "FileHandler", refuse)
    handler, path = app._log_handler()
    assert path is None and isinstance(handler, logging.NullHandler)
    previous = sys.excepthook
    try:
        assert app.install_error_handler(lambda: None) is None
    finally:
        sys.excepthook = previous


def _start(env_changes: dict[str, str | None]) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STACKSCOPE_EXIT_AFTER_PAINT="1")
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run([sys.executable, "-m", "desktop"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("case", ["home-is-a-file", "home-read-only", "data-folder-uncreatable",
                                  "data-folder-read-only"])
def test_the_app_starts_to_first_paint_on_an_unwritable_disk(case: str, tmp_path: Path) -> None:
    """HOME or STACKSCOPE_HOME that cannot be written: first paint, exit 0, no traceback.
    (Read-only by chmod does not bind root, so the 'a file where a folder should be' cases
    make sure the fallback is exercised whoever runs the tests.)"""
    read_only = tmp_path / "ro"
    read_only.mkdir()
    read_only.chmod(0o555)
    xdg = {"XDG_DATA_HOME": None, "XDG_CONFIG_HOME": None, "XDG_CACHE_HOME": None}
    changes = {
        "home-is-a-file": {"HOME": str(_unwritable(tmp_path).parent), "STACKSCOPE_HOME": None, **xdg},
        "home-read-only": {"HOME": str(read_only), "STACKSCOPE_HOME": None, **xdg},
        "data-folder-uncreatable": {"STACKSCOPE_HOME": str(_unwritable(tmp_path))},
        "data-folder-read-only": {"STACKSCOPE_HOME": str(read_only)},
    }[case]
    try:
        result = _start(changes)
    finally:
        read_only.chmod(0o755)
    assert result.returncode == 0 and "first-paint" in result.stdout, result.stderr
    assert "Traceback" not in result.stderr


# --- the stack cache --------------------------------------------------------------------------------

class _Planted:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_pickle_in_the_cache_runs_nothing(tmp_path: Path) -> None:
    from desktop.core.stack.reader import load_with_fallback

    cache = tmp_path / "cache"
    cache.mkdir()
    marker = tmp_path / "ran"
    for name in ("stack-00000000.pickle", "stack-deadbeef.pickle"):
        (cache / name).write_bytes(pickle.dumps(_Planted(marker)))
    load_with_fallback(None, cache_dir=cache)                   # writes the JSON cache
    for cached in cache.glob("stack-*.json"):                   # ... and a pickle in its place
        cached.write_bytes(pickle.dumps(_Planted(marker)))
    stack, problems = load_with_fallback(None, cache_dir=cache)
    assert stack is not None and problems == [] and not marker.exists()


def test_the_cache_is_json_and_reads_back_the_same_stack(tmp_path: Path, stack) -> None:
    from desktop.core.stack.reader import load_cached

    first, _ = load_cached(resources.layers_file(), tmp_path)
    files = list(tmp_path.glob("stack-*.json"))
    assert len(files) == 1
    data = json.loads(files[0].read_text(encoding="utf-8"))
    assert data["schema"] == "stackscope-stack-cache"
    again, problems = load_cached(resources.layers_file(), tmp_path)
    assert again == stack == first and problems == []
    assert again.find("layer:network") is not None                   # the index is rebuilt


@pytest.mark.parametrize("damage", ["truncate", "wrong-type", "fifo", "folder"])
def test_a_damaged_cache_means_a_normal_load(damage: str, tmp_path: Path, stack) -> None:
    from desktop.core.stack.reader import load_cached

    load_cached(resources.layers_file(), tmp_path)
    cached = next(tmp_path.glob("stack-*.json"))
    if damage == "truncate":
        cached.write_text(cached.read_text(encoding="utf-8")[:100], encoding="utf-8")
    elif damage == "wrong-type":
        data = json.loads(cached.read_text(encoding="utf-8"))
        data["stack"]["layers"][0]["number"] = "zero"
        cached.write_text(json.dumps(data), encoding="utf-8")
    else:
        cached.unlink()
        if damage == "fifo" and hasattr(os, "mkfifo"):
            os.mkfifo(cached)
        else:
            cached.mkdir()
    again, problems = load_cached(resources.layers_file(), tmp_path)
    assert again == stack and problems == []


def test_the_window_says_so_on_screen(window, tmp_path: Path, monkeypatch) -> None:
    """Started on a data folder that cannot be written: the status bar says progress will not
    be kept, and where it would have to be writable."""
    from desktop.ui.save_banner import install_status_banner

    wanted = _unwritable(tmp_path)
    monkeypatch.setenv("STACKSCOPE_HOME", str(wanted))
    banner = install_status_banner(window)
    assert window.save_banner is banner and banner.isVisible()
    assert str(wanted) in banner.message()


def test_progress_on_a_read_only_disk_is_shown_not_overwritten(tmp_path: Path, monkeypatch) -> None:
    """The data folder holds progress but cannot be written (faked: root ignores chmod): the
    student sees their progress, the banner says it is not saved, the file stays as it was."""
    from desktop.core.learn.progress import FILE_NAME, LessonProgress, ProgressStore
    from desktop.ui import save_banner, settings

    wanted = tmp_path / "home"
    ProgressStore(wanted).put(LessonProgress("dns", step=3))
    (wanted / "lessons").mkdir()
    before = (wanted / FILE_NAME).read_bytes()
    stand_in = settings.DataFolder(tmp_path / "tmp", wanted, True, "Read-only file system")
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(settings, "data_folder", lambda: stand_in)
    monkeypatch.setattr(save_banner, "data_folder", lambda: stand_in)
    store = save_banner.open_progress_store(stand_in.path)
    assert store.get("dns").step == 3 and store.read_only
    assert save_banner.status_message(store.status) == "Progress not saved: the folder is read-only"
    assert not store.put(LessonProgress("dns", step=5))
    assert (wanted / FILE_NAME).read_bytes() == before
    assert settings.user_lessons_dir() == wanted / "lessons"
