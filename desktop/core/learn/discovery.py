"""Finding and loading lessons: the shipped folder first, then the user's own folders.

``load_all`` never raises: a broken file becomes problems and the other lessons still load; a
lesson whose id is already taken (a user lesson reusing a shipped id) is refused with a reason.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from desktop import resources
from desktop.core.data.problems import Problem
from desktop.core.learn.lesson_model import LEVELS, Lesson
from desktop.core.learn.lesson_reader import read_lesson

if TYPE_CHECKING:
    from desktop.core.catalog import Known
    from desktop.core.stack.model import Stack


def lessons_dir() -> Path:
    return resources.lessons_dir()


def _yaml_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.glob("*.yaml") if p.is_file() and not p.name.startswith("."))
    except OSError:
        return []


def discover(folders: Iterable[str | Path] = (), *, shipped: bool = True) -> list[Path]:
    """Lesson files: the shipped ones first, then each of ``folders`` (the user's own lessons
    folders) in order. Missing folders are skipped; a file is listed once."""
    roots = ([lessons_dir()] if shipped else []) + [Path(f) for f in folders]
    out: list[Path] = []
    seen: set[Path] = set()
    for root in roots:
        for p in _yaml_files(root):
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


def lesson_ids(folders: Iterable[str | Path] = ()) -> list[str]:
    """The ids of the lessons: file names only, nothing parsed (``check`` calls this)."""
    return sorted({p.stem for p in discover(folders)})


def default_known(stack: Stack | None = None) -> Known:
    """What lessons may name: the shipped data plus the user library's flows, faults and
    figures (so the lesson panel accepts exactly what ``check`` accepts)."""
    from desktop.core.library import light_known
    from desktop.core.stack.reader import load_stack_or_raise

    return light_known(stack or load_stack_or_raise(resources.layers_file()))


def load_lesson(path: str | Path, known: Known | None = None) -> tuple[Lesson | None, list[Problem]]:
    """Read one lesson file: the lesson (or None) and every problem found, sorted."""
    from desktop.core.data.source import parse_file

    doc = parse_file(path)
    if doc.data is not None and not (isinstance(doc.data, dict) and "steps" in doc.data):
        doc.problem(getattr(doc.data, "pos", (1, 1)), "not a lesson: a lesson file has a 'steps' list")
        return None, sorted(doc.problems)
    lesson = read_lesson(doc, known or default_known())
    from desktop.core.library import explain

    return lesson, sorted(explain(doc).problems)


def load_all(folders: Iterable[str | Path] = (), known: Known | None = None, *,
             shipped: bool = True) -> tuple[list[Lesson], list[Problem]]:
    """Every lesson that reads cleanly, in study order (prerequisites first), and the problems
    of those that do not. Never raises: a broken file is reported and the others still load."""
    problems: list[Problem] = []
    paths = discover(folders, shipped=shipped)
    try:
        known = known or default_known()
    except Exception as exc:  # no stack, no lessons: say why instead of crashing the panel
        where = str(resources.layers_file())
        return [], [Problem(where, 1, 1, f"cannot check lessons without the stack: {exc}")]
    known = replace(known, lessons=set(known.lessons) | {p.stem for p in paths})
    lessons: list[Lesson] = []
    by_id: dict[str, Lesson] = {}
    for path in paths:
        try:
            lesson, found = load_lesson(path, known)
        except Exception as exc:  # a bug in here must not take the lesson list down with it
            problems.append(Problem(str(path), 1, 1, f"could not read this lesson: {exc!r}"))
            continue
        problems.extend(found)
        if lesson is None:
            continue
        if lesson.id in by_id:
            problems.append(Problem(str(path), 1, 1,
                                    f"lesson.id: '{lesson.id}' is already used by {by_id[lesson.id].source}; "
                                    f"give this lesson another id (and file name)"))
            continue
        by_id[lesson.id] = lesson
        lessons.append(lesson)
    problems.extend(_cycles(lessons))
    return study_order(lessons), sorted(problems)


def _cycles(lessons: list[Lesson]) -> list[Problem]:
    """Prerequisites that lead back to the lesson itself (nobody could ever start them)."""
    by_id = {l.id: l for l in lessons}
    out: list[Problem] = []
    for lesson in lessons:
        stack = [(p, (lesson.id, p)) for p in lesson.prerequisites]
        seen: set[str] = set()
        while stack:
            current, trail = stack.pop()
            if current == lesson.id:
                out.append(Problem(lesson.source, 1, 1, "lesson.prerequisites: a circle of prerequisites: "
                                   + " → ".join(trail)))
                break
            if current in seen or current not in by_id:
                continue
            seen.add(current)
            stack.extend((p, trail + (p,)) for p in by_id[current].prerequisites)
    return out


def study_order(lessons: list[Lesson]) -> list[Lesson]:
    """Prerequisites before the lessons that need them; otherwise by level, then id."""
    rank = {lvl: i for i, lvl in enumerate(LEVELS)}
    pending = sorted(lessons, key=lambda l: (rank.get(l.level, 9), l.id))
    ids = {l.id for l in lessons}
    done: set[str] = set()
    out: list[Lesson] = []
    while pending:
        for i, lesson in enumerate(pending):  # noqa: B007 (i is used after the loop)
            if all(p in done or p not in ids for p in lesson.prerequisites):
                break
        else:
            i = 0                                 # a cycle (reported elsewhere): take the next one
        lesson = pending.pop(i)
        done.add(lesson.id)
        out.append(lesson)
    return out
