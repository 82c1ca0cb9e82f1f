"""Handouts: every shipped lesson prints with at least one picture of the column, without
in-app instructions or doubled markers; the teacher copy adds the answers."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.core.learn.handout import handout_blocks, handout_markdown, strip_app_instructions
from desktop.core.learn.lessons import load_all

LESSONS, _PROBLEMS = load_all()


def test_lines_addressed_to_the_app_are_dropped() -> None:
    text = ("In Stackscope, the seven OSI layers sit inside layer 2. The OSI lens now opens that "
            "sub-column beside the network layer.\n\nStart the chatbot flow.\n\n- heat into speed")
    out = strip_app_instructions(text)
    assert "now opens" not in out and "Start the" not in out
    assert "inside layer 2." in out and "- heat into speed" in out


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_student_copy_has_a_picture_and_no_answers(lesson, stack, figures) -> None:
    blocks = handout_blocks(lesson, stack, figures)
    assert any(b.kind == "figure" for b in blocks)
    assert not any(b.kind == "answer" for b in blocks)
    text = handout_markdown(lesson, stack, figures)
    assert "• ☐" not in text and "- ☐" not in text and "- ___" not in text
    for phrase in ("now opens", "Press Play", "the inspector"):
        assert phrase not in text
    teacher = handout_markdown(lesson, stack, figures, answers=True)
    checks = sum(1 for s in lesson.steps if s.check is not None)
    assert teacher.count("**Answer.**") == checks
    for step in lesson.steps:
        c = step.check
        if c is not None and c.kind == "choice":
            right = next(o for o in c.options if o.correct)
            assert f"☑ {right.text}"[:30] in teacher.replace("  \n", "\n")


def test_an_exercise_does_not_print_its_answer(stack, figures) -> None:
    lesson = next(l for l in LESSONS if any(s.check is not None and s.check.kind == "order" for s in l.steps))
    step_no, step = next((i, s) for i, s in enumerate(lesson.steps, 1) if s.check is not None and s.check.kind == "order")
    exercise = next(b for b in handout_blocks(lesson, stack, figures) if b.kind == "exercise" and b.step == step_no)
    assert "1. " not in exercise.markdown   # no numbered (solved) order


def test_pdf_draws_one_vector_figure_per_showing_step(tmp_path: Path, stack, figures, qapp) -> None:
    from desktop.ui.export import save_handout_pdf

    lesson = LESSONS[0]
    out = tmp_path / "student.pdf"
    blocks = handout_blocks(lesson, stack, figures)
    drawn = save_handout_pdf(blocks, stack, out, lesson.title)
    assert drawn == sum(1 for b in blocks if b.kind == "figure") >= 1
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdfimages"):
        listing = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True).stdout
        assert len(listing.strip().splitlines()) <= 2   # the column is lines and text, not a bitmap
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        assert stack.layers[0].name in text             # the figure's text is real text


def test_handout_command_writes_the_teacher_copy(tmp_path: Path) -> None:
    import sys

    lesson = LESSONS[0]
    out = tmp_path / "teacher.pdf"
    done = subprocess.run([sys.executable, "-m", "desktop", "handout", lesson.id, str(out), "--answers"],
                          capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    assert out.exists() and "with answers" in done.stdout
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        assert "Answer." in text
    bad = subprocess.run([sys.executable, "-m", "desktop", "handout", "no-such-lesson", str(out)],
                         capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[1])
    assert bad.returncode == 2 and "no-such-lesson" in bad.stderr
