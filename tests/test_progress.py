"""Progress is precious: round trips, resume, damaged files moved aside (never deleted), reset,
and a save loop killed at random moments that always leaves a readable file."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.core.learn.progress import (FILE_NAME, SCHEMA, SCHEMA_VERSION, LessonProgress, ProgressStore,
                                   StepRecord, dump, parse, write_atomic)

ROOT = Path(__file__).resolve().parents[1]
# 2026-11-25 14:03:09 local time, whatever the zone the tests run in
STAMP_TIME = time.mktime((2026, 11, 25, 14, 3, 9, 0, 0, -1))


def sample() -> LessonProgress:
    p = LessonProgress("dns", step=3, furthest=4, seconds=12.5, started=100.0, last_opened=200.0)
    p = p.with_answer(1, "k1", [0], False).with_answer(1, "k1", [1], True)
    p = p.with_answer(3, "k3", 47.0, True).with_answer(6, "k6", ["b", "a"], False)
    return p.with_record(4, StepRecord(key="k4", hinted=True))


def test_missing_file_is_a_fresh_start(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "not-yet")
    assert store.lessons() == {} and store.recovered_from is None
    assert store.get("dns").fresh and not (tmp_path / "not-yet").exists()


def test_round_trip(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path, now=lambda: 300.0)
    assert store.put(sample()) and store.save_error is None
    again = ProgressStore(tmp_path)
    assert again.get("dns") == sample() and again.recovered_from is None
    rec = again.get("dns").record(1)
    assert (rec.answer, rec.correct, rec.attempts, rec.solved_at, rec.solved) == ([1], True, 2, 2, True)
    assert again.get("dns").record(6).answer == ["b", "a"] and not again.get("dns").record(6).solved
    data = json.loads((tmp_path / FILE_NAME).read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA and data["version"] == SCHEMA_VERSION and data["saved"] == 300.0
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]     # no temporary files left


def test_resume_at_the_saved_step(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    store.put(replace(store.get("layer-0-facility"), step=5, furthest=6))
    assert ProgressStore(tmp_path).get("layer-0-facility").step == 5


def test_add_time_accumulates_and_rejects_nonsense(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    store.add_time("dns", 30)
    store.add_time("dns", 12.5)
    assert ProgressStore(tmp_path).get("dns").seconds == 42.5
    for bad in (-1, float("nan"), float("inf"), "10", True):
        with pytest.raises(ValueError):
            store.add_time("dns", bad)


def test_a_changed_check_starts_its_record_afresh() -> None:
    p = LessonProgress("dns").with_answer(2, "old", [0], True)
    p = p.with_answer(2, "new", [1], False)
    assert (p.record(2).key, p.record(2).attempts, p.record(2).solved) == ("new", 1, False)


@pytest.mark.parametrize("content,reason", [
    (b"{\"schema\": \"stackscope-progress\", \"version\": 1, \"lessons\": {", "not readable JSON"),
    (b"", "not readable JSON"),
    (b"\xff\xfe\x00garbage", "not readable JSON"),
    (b"[1, 2, 3]", "does not hold a progress object"),
    (b"{\"hello\": \"world\"}", "not Stackscope progress"),
    (json.dumps({"schema": SCHEMA, "version": 99, "lessons": {}}).encode(), "newer Stackscope"),
    (json.dumps({"schema": SCHEMA, "version": 1, "lessons": []}).encode(), "'lessons'"),
])
def test_a_damaged_file_is_moved_aside_and_reported(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / FILE_NAME).write_bytes(content)
    store = ProgressStore(tmp_path, now=lambda: STAMP_TIME)
    aside = tmp_path / "progress.corrupt-20261125-140309.json"
    assert store.recovered_from == aside and reason in store.recovery_reason
    assert aside.read_bytes() == content                          # kept, byte for byte
    assert store.lessons() == {} and not (tmp_path / FILE_NAME).exists()
    store.put(sample())                                           # a fresh start saves normally
    again = ProgressStore(tmp_path, now=lambda: STAMP_TIME)
    assert again.recovered_from is None and again.get("dns") == sample()


def test_two_damaged_files_in_the_same_second_both_survive(tmp_path: Path) -> None:
    for _n, content in enumerate((b"one", b"two")):
        (tmp_path / FILE_NAME).write_bytes(content)
        store = ProgressStore(tmp_path, now=lambda: STAMP_TIME)
        assert store.recovered_from is not None
    assert (tmp_path / "progress.corrupt-20261125-140309.json").read_bytes() == b"one"
    assert (tmp_path / "progress.corrupt-20261125-140309-2.json").read_bytes() == b"two"


def test_a_damaged_lesson_entry_is_dropped_and_the_rest_kept(tmp_path: Path) -> None:
    data = json.loads(dump({"dns": sample(), "budgets": LessonProgress("budgets", step=2)}, 1.0))
    data["lessons"]["budgets"]["step"] = "two"
    text = json.dumps(data)
    (tmp_path / FILE_NAME).write_text(text, encoding="utf-8")
    store = ProgressStore(tmp_path, now=lambda: STAMP_TIME)
    assert store.get("dns") == sample() and "budgets" not in store
    assert store.recovered_from is not None and "lessons.budgets.step" in store.recovery_reason
    assert store.recovered_from.read_text(encoding="utf-8") == text
    assert ProgressStore(tmp_path).get("dns") == sample()          # the salvage was saved


def test_reset_one_lesson_or_all(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    store.put(sample())
    store.put(LessonProgress("budgets", step=2))
    store.reset("dns")
    assert set(ProgressStore(tmp_path).lessons()) == {"budgets"}
    store.reset()
    assert ProgressStore(tmp_path).lessons() == {}


def test_a_failed_save_is_reported_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    store = ProgressStore(blocker / "sub")
    assert store.put(sample()) is False and store.save_error and "cannot save" in store.save_error
    assert store.get("dns") == sample()                            # still there in memory


def test_write_atomic_never_leaves_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    write_atomic(target, "one")
    write_atomic(target, "two")
    assert target.read_text(encoding="utf-8") == "two" and [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_dump_and_parse_agree() -> None:
    lessons, dropped = parse(dump({"dns": sample()}, 5.0))
    assert lessons == {"dns": sample()} and dropped == []


# --- killed mid-save ---------------------------------------------------------------------------

CHILD = """
import sys
from dataclasses import replace
from desktop.core.learn.progress import LessonProgress, ProgressStore
store = ProgressStore(sys.argv[1])
n = int(store.get("dns").seconds)
ids = [f"lesson-{i}" for i in range(40)]          # a file of a realistic size
first = True
while True:
    n += 1
    p = LessonProgress("dns", step=n % 9, seconds=float(n)).with_answer(1, "k", [n % 3], n % 2 == 0)
    store.put(replace(store.get(ids[n % 40]), step=n % 7, seconds=float(n)), save=False)
    store.put(p)
    if first:
        print("ready", flush=True)
        first = False
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_killed_while_saving_the_file_always_loads(tmp_path: Path) -> None:
    rng = random.Random(20261125)
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    started = time.monotonic()
    last = 0.0
    kills = 30
    for _ in range(kills):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready", \
                child.stderr.read() if child.stderr else ""
            time.sleep(rng.uniform(0.0, 0.04))
            child.send_signal(signal.SIGKILL)
        finally:
            child.wait(timeout=10)
            for stream in (child.stdout, child.stderr):
                if stream is not None:
                    stream.close()
        assert child.returncode == -signal.SIGKILL
        store = ProgressStore(tmp_path)
        assert store.recovered_from is None, store.recovery_reason
        assert store.save_error is None
        seconds = store.get("dns").seconds
        assert seconds > last                     # every kill left a newer, complete file
        last = seconds
    assert not list(tmp_path.glob("progress.corrupt-*"))
    assert time.monotonic() - started < 10.0
