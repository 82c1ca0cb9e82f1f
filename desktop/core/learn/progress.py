"""A student's lesson progress: one JSON file, saved atomically, checked on open.

Progress is precious (Anki treats its collections the same way), so:

* every save writes a temporary file in the same folder, flushes and fsyncs it, then
  ``os.replace``s it over ``progress.json`` and fsyncs the folder where the OS allows: a crash or
  a power cut at any moment leaves either the old file or the new one, never half of one;
* on open, a file that cannot be read, is not JSON or does not follow the schema is never
  deleted and never overwritten: it is moved aside as ``progress.corrupt-YYYYmmdd-HHMMSS.json``,
  whatever could be salvaged from it is kept, and ``recovered_from`` tells the UI so it can say
  so to the student;
* saving never raises into the UI: a failure (disk full, read-only folder, ``progress.json``
  a folder) is kept in ``save_error`` and ``status``, and every save attempt is announced to
  the callbacks given to ``subscribe`` (a ``SaveStatus``), so the UI can show at once that
  progress is not being kept; the next change retries, and ``save_to`` writes a copy to
  another folder (the app offers it at quit);
* a store opened ``read_only`` (a second running copy of the app: the UI holds a lock file)
  loads but never writes, so two copies never overwrite each other's progress; a writable store
  removes every stray ``.progress-*.tmp`` left by a killed save when it opens.

The folder is given by the caller (the UI passes Qt's AppDataLocation), so this module knows
nothing about Qt. Records are frozen dataclasses; the store replaces them whole.

File layout (``version`` is ``SCHEMA_VERSION``)::

    {"schema": "stackscope-progress", "version": 1, "saved": 1764089621.5,
     "lessons": {"dns": {"step": 3, "furthest": 4, "completed": false, "completed_at": null,
                         "seconds": 312.5, "started": 1764089000.0, "last_opened": 1764089621.5,
                         "steps": {"1": {"key": "1a2b3c4d", "answer": [1], "correct": true,
                                         "attempts": 2, "solved_at": 2, "hinted": false}}}}}
"""
from __future__ import annotations

import errno
import json
import math
import os
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

SCHEMA = "stackscope-progress"
SCHEMA_VERSION = 1
FILE_NAME = "progress.json"
_TMP_PREFIX = ".progress-"
_TMP_SUFFIX = ".tmp"
_STALE_TMP_SECONDS = 3600.0    # a read-only store (a second copy) only removes temps this old

Answer = Any   # choice: list[int]; numeric: float; order: list[str]


# --- records ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class StepRecord:
    """What happened at one step's check."""

    key: str = ""                    # the check's fingerprint (lessons.Check.key) when answered
    answer: Answer = None            # the last valid answer
    correct: bool = False            # was the last answer right
    attempts: int = 0                # valid answers given
    solved_at: int | None = None     # the attempt that was first right (1-based), if any
    hinted: bool = False             # the student opened the hint

    @property
    def solved(self) -> bool:
        return self.solved_at is not None


@dataclass(frozen=True)
class LessonProgress:
    """One lesson's progress. ``steps`` maps step index → record; treat it as read-only."""

    lesson_id: str
    step: int = 0                    # where the student is (resume here)
    furthest: int = 0                # the furthest step reached
    completed: bool = False
    completed_at: float | None = None
    seconds: float = 0.0             # time spent, accumulated by the caller
    started: float | None = None     # first opened (epoch seconds)
    last_opened: float | None = None
    steps: Mapping[int, StepRecord] = field(default_factory=dict)

    @property
    def fresh(self) -> bool:
        return self.started is None and not self.steps and self.step == 0 and self.seconds == 0

    def record(self, index: int) -> StepRecord:
        return self.steps.get(index, StepRecord())

    def with_record(self, index: int, record: StepRecord) -> LessonProgress:
        steps = dict(self.steps)
        steps[index] = record
        return replace(self, steps=steps)

    def with_answer(self, index: int, key: str, answer: Answer, correct: bool) -> LessonProgress:
        old = self.record(index)
        if old.key != key:                       # the check changed since: start it afresh
            old = StepRecord(key=key, hinted=old.hinted)
        attempts = old.attempts + 1
        solved_at = old.solved_at if old.solved_at is not None else (attempts if correct else None)
        return self.with_record(index, replace(old, key=key, answer=answer, correct=correct,
                                               attempts=attempts, solved_at=solved_at))


# --- (de)serialising -------------------------------------------------------------------------

class SchemaError(ValueError):
    """The file is JSON but not progress as this version of the app writes it."""


def _num(value: Any, what: str, *, allow_none: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SchemaError(f"{what}: expected a number, found {value!r}")
    return float(value)


def _int(value: Any, what: str, *, minimum: int = 0, allow_none: bool = False) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise SchemaError(f"{what}: expected a whole number ≥ {minimum}, found {value!r}")
    return value


def _bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise SchemaError(f"{what}: expected true or false, found {value!r}")
    return value


def _answer(value: Any, what: str) -> Answer:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise SchemaError(f"{what}: unexpected answer {value!r}")
    if isinstance(value, (int, float)):
        return _num(value, what)
    if isinstance(value, list) and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        return list(value)
    raise SchemaError(f"{what}: unexpected answer {value!r}")


def _step_from_json(raw: Any, what: str) -> StepRecord:
    if not isinstance(raw, dict):
        raise SchemaError(f"{what}: expected an object")
    key = raw.get("key", "")
    if not isinstance(key, str):
        raise SchemaError(f"{what}.key: expected text")
    return StepRecord(key=key, answer=_answer(raw.get("answer"), f"{what}.answer"),
                      correct=_bool(raw.get("correct", False), f"{what}.correct"),
                      attempts=_int(raw.get("attempts", 0), f"{what}.attempts"),
                      solved_at=_int(raw.get("solved_at"), f"{what}.solved_at", minimum=1, allow_none=True),
                      hinted=_bool(raw.get("hinted", False), f"{what}.hinted"))


def _lesson_from_json(lesson_id: str, raw: Any) -> LessonProgress:
    what = f"lessons.{lesson_id}"
    if not isinstance(raw, dict):
        raise SchemaError(f"{what}: expected an object")
    steps_raw = raw.get("steps", {})
    if not isinstance(steps_raw, dict):
        raise SchemaError(f"{what}.steps: expected an object")
    steps: dict[int, StepRecord] = {}
    for k, v in steps_raw.items():
        if not (isinstance(k, str) and k.isdigit()):
            raise SchemaError(f"{what}.steps: '{k}' is not a step number")
        steps[int(k)] = _step_from_json(v, f"{what}.steps.{k}")
    step = _int(raw.get("step", 0), f"{what}.step")
    return LessonProgress(
        lesson_id=lesson_id, step=step,
        furthest=max(step, _int(raw.get("furthest", step), f"{what}.furthest")),
        completed=_bool(raw.get("completed", False), f"{what}.completed"),
        completed_at=_num(raw.get("completed_at"), f"{what}.completed_at", allow_none=True),
        seconds=max(0.0, _num(raw.get("seconds", 0.0), f"{what}.seconds")),
        started=_num(raw.get("started"), f"{what}.started", allow_none=True),
        last_opened=_num(raw.get("last_opened"), f"{what}.last_opened", allow_none=True),
        steps=steps)


def _lesson_to_json(p: LessonProgress) -> dict[str, Any]:
    return {
        "step": p.step, "furthest": p.furthest, "completed": p.completed,
        "completed_at": p.completed_at, "seconds": round(p.seconds, 3), "started": p.started,
        "last_opened": p.last_opened,
        "steps": {str(i): {"key": r.key, "answer": r.answer, "correct": r.correct,
                           "attempts": r.attempts, "solved_at": r.solved_at, "hinted": r.hinted}
                  for i, r in sorted(p.steps.items())},
    }


def parse(text: str) -> tuple[dict[str, LessonProgress], list[str]]:
    """Read the file's text: the lessons and the entries that had to be dropped.

    Raises ``SchemaError`` (or ``ValueError`` for bad JSON) when nothing can be trusted.
    """
    data = json.loads(text)
    if not isinstance(data, dict):
        raise SchemaError("the file does not hold a progress object")
    if data.get("schema") != SCHEMA:
        raise SchemaError("the file is not Stackscope progress")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SchemaError(f"unknown schema version {version!r}")
    if version > SCHEMA_VERSION:
        raise SchemaError(f"written by a newer Stackscope (schema version {version}; this one reads "
                          f"up to {SCHEMA_VERSION})")
    data = _migrate(data, version)
    lessons_raw = data.get("lessons")
    if not isinstance(lessons_raw, dict):
        raise SchemaError("'lessons' is missing or not an object")
    lessons: dict[str, LessonProgress] = {}
    dropped: list[str] = []
    for lesson_id, raw in lessons_raw.items():
        try:
            lessons[lesson_id] = _lesson_from_json(lesson_id, raw)
        except SchemaError as exc:
            dropped.append(str(exc))
    return lessons, dropped


def _migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring an older file up to ``SCHEMA_VERSION`` (version 1 is the first: nothing to do)."""
    return data


def dump(lessons: Mapping[str, LessonProgress], saved: float) -> str:
    data = {"schema": SCHEMA, "version": SCHEMA_VERSION, "saved": saved,
            "lessons": {lid: _lesson_to_json(p) for lid, p in sorted(lessons.items())}}
    return json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


# --- atomic files ------------------------------------------------------------------------------

def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable. Not possible on Windows (nor needed: NTFS journals it)."""
    if os.name == "nt" or not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers only ever see the old or the new file."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)


def _corrupt_name(folder: Path, stem: str, when: float) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(when))
    candidate = folder / f"{stem}.corrupt-{stamp}.json"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}.corrupt-{stamp}-{n}.json"
        n += 1
    return candidate


# --- save status -------------------------------------------------------------------------------

# why a save failed, as a code the UI translates (the OS's own words are in ``detail``)
DISK_FULL = "disk-full"
READ_ONLY = "read-only"
IS_A_FOLDER = "is-a-folder"
LOCKED = "locked"              # another running copy of the app keeps the progress
UNREADABLE = "unreadable"      # the file exists but could not be read: never overwritten
OTHER = "other"


@dataclass(frozen=True)
class SaveStatus:
    """The outcome of the last save: ``ok``, or why not (``reason`` code, OS ``detail``)."""

    ok: bool
    path: Path
    reason: str = ""
    detail: str = ""


def _reason_of(exc: BaseException, path: Path) -> str:
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return DISK_FULL
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return READ_ONLY
    if code == errno.EISDIR or path.is_dir():
        return IS_A_FOLDER
    return OTHER


# --- the store ---------------------------------------------------------------------------------

class ProgressStore:
    """Every lesson's progress for one student, in ``folder/progress.json``.

    Loading happens in the constructor. After it, ``recovered_from`` is the path the damaged
    file was moved to (None if the file was fine or missing) and ``recovery_reason`` says why;
    the UI should tell the student once. Every change is saved at once; ``save_error`` holds
    the last save failure (None after a good save).
    """

    def __init__(self, folder: str | Path, *, file_name: str = FILE_NAME,
                 now: Callable[[], float] = time.time, read_only: bool = False,
                 read_only_reason: str = LOCKED) -> None:
        self.folder = Path(folder)
        self.path = self.folder / file_name
        self.now = now
        self.read_only = read_only
        self.recovered_from: Path | None = None
        self.recovery_reason: str = ""
        self.save_error: str | None = None
        self.status = SaveStatus(ok=True, path=self.path)
        self.unsaved = False           # changes made since the last good save
        self._listeners: list[Callable[[SaveStatus], None]] = []
        self._lessons: dict[str, LessonProgress] = {}
        self._writable = not read_only
        self._reason = read_only_reason if read_only else ""
        self._load()
        if read_only:
            self.save_error = self.save_error or (
                f"{self.path} is kept by another running copy of the app" if self._reason == LOCKED
                else f"{self.path} cannot be written")
            self.status = SaveStatus(False, self.path, self._reason, self.save_error)
        elif not self._writable:
            self.status = SaveStatus(False, self.path, self._reason or UNREADABLE, self.save_error or "")

    # status --------------------------------------------------------------------------------
    def subscribe(self, callback: Callable[[SaveStatus], None]) -> Callable[[], None]:
        """Call ``callback(status)`` after every save attempt; returns a function that stops it.

        A callback that raises is ignored: saving carries on."""
        self._listeners.append(callback)

        def unsubscribe() -> None:
            if callback in self._listeners:
                self._listeners.remove(callback)
        return unsubscribe

    def _announce(self, status: SaveStatus) -> None:
        self.status = status
        for callback in list(self._listeners):
            try:
                callback(status)
            except Exception:  # a broken view must not lose the student's progress
                pass

    def _failed(self, reason: str, detail: str) -> bool:
        self.save_error = detail
        self.unsaved = True
        self._announce(SaveStatus(False, self.path, reason, detail))
        return False

    # loading --------------------------------------------------------------------------------
    def _load(self) -> None:
        self._remove_stale_temps()
        try:
            raw = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return
        except OSError as exc:   # exists but cannot be read: do not overwrite what we cannot see
            self._writable = False
            self._reason = IS_A_FOLDER if self.path.is_dir() else UNREADABLE
            self.save_error = f"cannot read {self.path}: {exc.strerror or exc}"
            return
        try:
            lessons, dropped = parse(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:   # JSONDecodeError and SchemaError too
            reason = str(exc) if isinstance(exc, SchemaError) else f"not readable JSON ({exc})"
            self._move_aside(reason)
            return
        self._lessons = lessons
        if dropped:
            self._move_aside("some lessons' progress was damaged and dropped: " + "; ".join(dropped))
            if self.recovered_from is not None:
                self.save()

    def _move_aside(self, reason: str) -> None:
        target = _corrupt_name(self.folder, self.path.stem, self.now())
        try:
            os.replace(self.path, target)
        except OSError as exc:
            # the damaged file stays where it is and we never write over it
            self._writable = False
            self._reason = UNREADABLE
            self.save_error = f"cannot move the damaged {self.path.name} aside: {exc.strerror or exc}"
            self.recovery_reason = reason
            return
        _fsync_dir(self.folder)
        self.recovered_from = target
        self.recovery_reason = reason

    def _remove_stale_temps(self) -> None:
        """Temporary files of a save that was killed midway. A writable store is the only writer
        (the UI holds the lock), so every one is stray; a read-only one leaves fresh ones alone,
        as they may be the running copy's save in progress."""
        try:
            temps = list(self.folder.glob(f"{_TMP_PREFIX}*{_TMP_SUFFIX}"))
        except OSError:
            return
        limit = time.time() - _STALE_TMP_SECONDS if self.read_only else math.inf
        for tmp in temps:
            try:
                if tmp.is_file() and tmp.stat().st_mtime < limit:
                    tmp.unlink()
            except OSError:
                pass

    # reading --------------------------------------------------------------------------------
    def get(self, lesson_id: str) -> LessonProgress:
        """The lesson's progress (a fresh record if it was never opened)."""
        return self._lessons.get(lesson_id) or LessonProgress(lesson_id)

    def lessons(self) -> dict[str, LessonProgress]:
        """Every lesson with saved progress, by id (a copy)."""
        return dict(self._lessons)

    def __contains__(self, lesson_id: object) -> bool:
        return lesson_id in self._lessons

    # changing -------------------------------------------------------------------------------
    def put(self, progress: LessonProgress, *, save: bool = True) -> bool:
        """Store one lesson's progress (replacing the old record) and save."""
        self._lessons[progress.lesson_id] = progress
        self.unsaved = True
        return self.save() if save else True

    def add_time(self, lesson_id: str, seconds: float, *, save: bool = True) -> bool:
        """Add time spent on a lesson; the caller measures it (e.g. while the panel is shown)."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) \
                or not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"time spent must be zero or more seconds, not {seconds!r}")
        p = self.get(lesson_id)
        return self.put(replace(p, seconds=p.seconds + float(seconds)), save=save)

    def reset(self, lesson_id: str | None = None) -> bool:
        """Forget one lesson's progress, or everything (the UI asks the student first)."""
        if lesson_id is None:
            self._lessons.clear()
        else:
            self._lessons.pop(lesson_id, None)
        self.unsaved = True
        return self.save()

    def save(self) -> bool:
        """Write everything atomically. False (and ``save_error``) if it could not be written."""
        if not self._writable:
            return self._failed(self._reason or OTHER, self.save_error or f"{self.path} is not writable")
        try:
            write_atomic(self.path, dump(self._lessons, self.now()))
        except (OSError, ValueError) as exc:
            return self._failed(_reason_of(exc, self.path),
                                f"cannot save progress to {self.path}: {getattr(exc, 'strerror', None) or exc}")
        self.save_error = None
        self.unsaved = False
        self._announce(SaveStatus(True, self.path))
        return True

    def retry(self) -> bool:
        """Try the last failed save again (the next change does so anyway)."""
        return self.save() if self.unsaved else True

    def save_to(self, folder: str | Path) -> SaveStatus:
        """Write a copy of everything to ``folder/progress.json`` (at quit, when the usual place
        cannot be written). Does not change where this store saves; never raises."""
        target = Path(folder) / self.path.name
        try:
            if target.resolve() == self.path.resolve() and not self._writable:
                return SaveStatus(False, target, self._reason or OTHER, self.save_error or "")
            write_atomic(target, dump(self._lessons, self.now()))
        except (OSError, ValueError) as exc:
            return SaveStatus(False, target, _reason_of(exc, target),
                              f"cannot save progress to {target}: {getattr(exc, 'strerror', None) or exc}")
        if target.resolve() == self.path.resolve():
            self.save_error, self.unsaved = None, False
            self._announce(SaveStatus(True, self.path))
        return SaveStatus(True, target)
