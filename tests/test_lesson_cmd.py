"""``lesson ID --answer STEP=VALUE``: grades as the app does, with the app's words, never doubled."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.learn.grading import Result, shown_options, shuffled_items, verdict_mark
from desktop.core.learn.lessons import load_lesson
from desktop.core.learn.progress import ProgressStore
from desktop.core.learn.session import LessonSession

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "lessons" / "dns.yaml"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def lesson():
    lesson, problems = load_lesson(EXAMPLE)
    assert problems == []
    return lesson


def _right_answer(lesson, index: int) -> str:
    """What a student types for the right answer, numbered as the app shows it."""
    check = lesson.steps[index].check
    seed = f"{lesson.id}:{index}"
    if check.kind == "choice":
        shown = shown_options(check, seed)
        return ",".join(str(shown.index(i) + 1) for i in check.correct_options)
    if check.kind == "numeric":
        return f"{check.answer:g}"
    shown = shuffled_items(check, seed)
    return ",".join(str(shown.index(item) + 1) for item in check.items)


def _wrong_answer(lesson, index: int) -> str:
    check = lesson.steps[index].check
    seed = f"{lesson.id}:{index}"
    if check.kind == "choice":
        shown = shown_options(check, seed)
        return str(next(n for n, i in enumerate(shown, 1) if i not in check.correct_options))
    if check.kind == "numeric":
        return f"{check.answer + check.tolerance + abs(check.answer) + 1:g}"
    return ",".join(str(n) for n in range(1, len(check.items) + 1))   # as first shown: never right


def test_right_answers_grade_right_and_wrong_ones_wrong(lesson) -> None:
    steps = lesson.check_steps
    right = run_cli("lesson", str(EXAMPLE), "--json", *[f"--answer={i + 1}={_right_answer(lesson, i)}" for i in steps])
    data = json.loads(right.stdout)
    assert set(data) == {"lesson", "checks", "score"} and data["lesson"] == "dns"
    assert [c["step"] for c in data["checks"]] == [i + 1 for i in steps]
    assert all(c["correct"] for c in data["checks"]) and data["score"] == 1
    assert set(data["checks"][0]) == {"step", "kind", "correct", "feedback"}
    wrong = json.loads(run_cli("lesson", str(EXAMPLE), "--json",
                               *[f"--answer={i + 1}={_wrong_answer(lesson, i)}" for i in steps]).stdout)
    assert not any(c["correct"] for c in wrong["checks"]) and wrong["score"] == 0


def test_the_command_says_what_the_app_says(lesson, tmp_path: Path) -> None:
    """Same verdict and same words as the session the lesson panel drives."""
    session = LessonSession(lesson, ProgressStore(tmp_path))
    for index in lesson.check_steps:
        session.go_to(index)
        check = lesson.steps[index].check
        from desktop.core.learn.grading import parse_answer

        answer = parse_answer(check, _wrong_answer(lesson, index), session.seed())
        app = session.answer(answer)
        out = json.loads(run_cli("lesson", str(EXAMPLE), "--json",
                                 f"--answer={index + 1}={_wrong_answer(lesson, index)}").stdout)
        assert out["checks"][0]["feedback"] == app.message
        assert out["checks"][0]["correct"] == app.correct


def test_a_choice_may_be_given_by_its_text(lesson) -> None:
    index = next(i for i in lesson.check_steps if lesson.steps[i].check.kind == "choice")
    check = lesson.steps[index].check
    text = check.options[check.correct_options[0]].text
    out = json.loads(run_cli("lesson", str(EXAMPLE), "--json", f"--answer={index + 1}={text}").stdout)
    assert out["checks"][0]["correct"] is (len(check.correct_options) == 1)


def test_feedback_never_doubles_the_verdict() -> None:
    assert Result(False, "Not quite. Look again.", "wrong").message == "✗ Not quite. Look again."
    assert Result(False, "Too few.", "low").message == "✗ Not quite. Too few."
    assert Result(True, "Right: seven.", "correct").message == "✓ Right: seven."
    assert Result(True, "Seven layers.", "correct").message == "✓ Right. Seven layers."
    assert verdict_mark(False, False, "Type a number") == ""
    for path in sorted((ROOT / "lessons").glob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "Not quite" in line:
                assert "Not quite. Not quite" not in Result(False, line.split('"')[1] if '"' in line else line, "wrong").message


def test_bad_answers_are_a_usage_error(lesson) -> None:
    not_a_check = next(i for i in range(len(lesson.steps)) if lesson.steps[i].check is None)
    r = run_cli("lesson", str(EXAMPLE), f"--answer={not_a_check + 1}=1")
    assert r.returncode == 2 and "asks nothing" in r.stderr
    r = run_cli("lesson", "no-such-lesson", "--answer=1=1")
    assert r.returncode == 1 and "no such lesson" in r.stderr


def test_without_answers_it_lists_the_checks_as_numbered_in_the_app(lesson) -> None:
    out = run_cli("lesson", str(EXAMPLE)).stdout
    for index in lesson.check_steps:
        assert f"step {index + 1} ({lesson.steps[index].check.kind})" in out
