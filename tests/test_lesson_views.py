"""A step that refers to a view of the app shows it (``show:``): a lint over every discovered
lesson, the closed set of views, and the reader that keeps to it."""
from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.learn.lessons import discover, load_all, load_lesson
from desktop.core.learn.views import (VIEW_IDS, VIEWS, mentions_a_plot, unshown_view, view,
                                      views_named)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "lessons" / "dns.yaml"


def _steps():
    lessons, problems = load_all()
    assert not problems, "\n".join(map(str, problems))
    assert lessons and len(lessons) == len(discover())
    return [(lesson, i, step) for lesson in lessons for i, step in enumerate(lesson.steps)]


def _words(step) -> str:
    """What the student reads on the step: its text and its check's prompt and hint."""
    parts = [step.text]
    if step.check is not None:
        parts += [step.check.prompt, step.check.hint]
    return "\n".join(parts)


def test_every_step_that_names_a_view_shows_it() -> None:
    """No step sends the student to a plot on another tab, or to one the app no longer has."""
    wrong = [f"{lesson.path.name}:{step.line}: step {i + 1} '{step.title}' {why}"
             for lesson, i, step in _steps() if (why := unshown_view(_words(step), step.show))]
    assert not wrong, "\n".join(wrong)


def test_every_step_that_shows_a_view_names_it() -> None:
    """The view drawn under the text is the one the text talks about (by the name the app uses)."""
    silent = [f"{lesson.path.name}:{step.line}: shows '{step.show}' but its text never names "
              f"'{view(step.show).title}'"
              for lesson, i, step in _steps() if step.show and step.show not in views_named(step.text)]
    assert not silent, "\n".join(silent)


def test_some_shipped_step_shows_a_view_of_each_panel() -> None:
    shown = {step.show for _l, _i, step in _steps() if step.show}
    assert {view(i).where for i in shown} == {v.where for v in VIEWS}


@pytest.mark.parametrize("text,show,named,complaint", [
    ('Watch "Where the time goes" fill in.', "", ("waterfall",), "add 'show: waterfall'"),
    ("Watch **Where the time goes** fill in.", "waterfall", ("waterfall",), ""),
    ("Keep an eye on the **IT power** plot.", "", (), "speaks of a plot but shows none"),
    ("The **Energy** view below plots it.", "energy", ("energy",), ""),
    ("The hockey stick bends up.", "load-run", ("load-curve",), "add 'show: load-curve'"),
    ("Energy per prompt is small but real.", "", (), ""),          # a subject, not a view
    ("Read the plotted lines.", "waterfall", (), ""),
])
def test_the_lint_reads_a_step_as_a_student_would(text, show, named, complaint) -> None:
    assert views_named(text) == named
    why = unshown_view(text, show)
    assert (complaint in why) if complaint else why == ""


def test_a_plot_is_a_word_not_a_part_of_one() -> None:
    assert mentions_a_plot("two plots") and mentions_a_plot("it is plotted") and mentions_a_plot("Plot")
    assert not mentions_a_plot("the plotter") and not mentions_a_plot("a subplot")


def test_views_are_one_closed_set() -> None:
    assert len(set(VIEW_IDS)) == len(VIEWS) and all(v.title and v.phrases for v in VIEWS)
    assert all(p == p.lower() for v in VIEWS for p in v.phrases)
    with pytest.raises(KeyError):
        view("latency-plot")


def _with_show(tmp_path: Path, value: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    anchor = "    highlight: [component:dns, component:cdn-edge]\n"
    assert text.count(anchor) == 1
    folder = tmp_path / "lessons"
    folder.mkdir()
    path = folder / "dns.yaml"
    path.write_text(text.replace(anchor, anchor + f"    show: {value}\n"), encoding="utf-8")
    return path


@pytest.mark.parametrize("value", VIEW_IDS)
def test_the_reader_keeps_each_view(tmp_path: Path, value: str) -> None:
    lesson, problems = load_lesson(_with_show(tmp_path, value))
    assert problems == [] and lesson is not None
    assert [s.show for s in lesson.steps if s.show] == [value]


@pytest.mark.parametrize("value,message", [
    ("latency-plot", "lesson.steps[2].show: unknown view 'latency-plot'"),
    ("Waterfall", "lesson.steps[2].show: unknown view 'Waterfall'"),
    ("2", "lesson.steps[2].show: unknown view '2'"),
    ("{view: energy}", "lesson.steps[2].show: expected text"),
])
def test_the_reader_refuses_another_view_where_it_is(tmp_path: Path, value: str, message: str) -> None:
    path = _with_show(tmp_path, value)
    lesson, problems = load_lesson(path)
    assert lesson is None
    line = next(n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if l.startswith("    show:"))
    hits = [p for p in problems if p.message.startswith(message)]
    assert hits and hits[0].line == line and hits[0].column == len("    show: ") + 1, "\n".join(map(str, problems))
    if "unknown view" in message:
        assert ", ".join(VIEW_IDS) in hits[0].message     # the message names every allowed value
    assert str(hits[0]).startswith(f"{path}:{line}:{len('    show: ') + 1}: ")
