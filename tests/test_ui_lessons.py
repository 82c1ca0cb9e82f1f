"""Lesson mode in the window: the list, steps, checks with feedback, highlights, resume, keys."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def lesson_window(window, tmp_path):
    from desktop.core.learn.progress import ProgressStore

    window.state.lessons.store = ProgressStore(tmp_path)
    window.show_panel("lessons")
    return window


def test_list_shows_every_lesson_that_reads(lesson_window) -> None:
    panel = lesson_window.panel("lessons")
    lessons = lesson_window.state.lessons
    assert panel.list.count() == len(lessons.lessons) > 0
    assert not lessons.problems


def _answers(check):
    """A wrong and a right answer for a check, derived from its data."""
    if check.kind == "choice":
        right = list(check.correct_options)
        wrong = [i for i in range(len(check.options)) if i not in right][:1]
        return wrong, right
    if check.kind == "numeric":
        return str(check.answer + 10 * check.tolerance + abs(check.answer) + 1), str(check.answer)
    return list(reversed(check.items)), list(check.items)


def test_walk_a_lesson_through_the_panel(qtbot, lesson_window) -> None:
    panel = lesson_window.panel("lessons")
    lessons = lesson_window.state.lessons
    lessons.open("layer-1-hardware")
    session = lessons.session
    while True:
        step = session.step
        highlighted = {r for r, i in lesson_window.scene.items_by_ref.items() if i.state.highlighted}
        assert {r for r in step.highlight if r in lesson_window.scene.items_by_ref} <= highlighted
        if step.check is not None:
            wrong, right = _answers(step.check)
            panel.check_widget.set_answer(wrong)
            assert panel.submit_answer().correct is False
            assert "✗" in panel.feedback.text() and "Not quite. Not quite" not in panel.feedback.text()
            panel.show_hint()
            assert step.check.hint[:20] in panel.feedback.text()
            panel.check_widget.set_answer(right)
            assert panel.submit_answer().correct is True
            assert "✓" in panel.feedback.text()
        if session.is_last:
            break
        panel.text.setFocus()
        qtbot.keyClick(panel.text, Qt.Key_PageDown)
    assert session.completed
    panel.close_lesson()
    row = next(i for i in range(panel.list.count()) if panel.list.item(i).data(Qt.UserRole) == "layer-1-hardware")
    assert "✓ done" in panel.list.item(row).text()


def test_enter_in_a_numeric_answer_checks_it(qtbot, lesson_window) -> None:
    lessons = lesson_window.state.lessons
    found = [(lesson.id, i) for lesson in lessons.lessons for i, s in enumerate(lesson.steps)
             if s.check is not None and s.check.kind == "numeric"]
    assert found, "some shipped lesson asks for a number"
    lesson_id, index = found[0]
    lessons.open(lesson_id)
    lessons.go_to(index)
    panel = lesson_window.panel("lessons")
    field = panel.check_widget.number
    field.setFocus()
    qtbot.keyClicks(field, str(lessons.session.step.check.answer))
    qtbot.keyClick(field, Qt.Key_Return)
    assert lessons.session.record().solved
    assert "Right" in panel.feedback.text() or "✓" in panel.feedback.text()


def _next(lessons) -> None:
    """Next, answering first when the step is a prediction that holds it."""
    if lessons.advance_reason():
        lessons.answer(_answers(lessons.session.step.check)[1])
    lessons.go(1)


def test_resume_where_the_student_left(lesson_window) -> None:
    lessons = lesson_window.state.lessons
    lessons.open("whole-stack")
    _next(lessons)
    _next(lessons)
    lesson_window.panel("lessons").close_lesson()
    lessons.open("whole-stack")
    assert lessons.session.index == 2
    assert "Step 3 of" in lesson_window.panel("lessons").heading.text()


def test_a_lesson_highlight_survives_a_fault_and_a_lens(lesson_window) -> None:
    """Layer 1's "trip the chiller" step: the author's highlight, the fault's leak path and a
    lens all show at once; each clears only itself."""
    s = lesson_window.state
    s.lessons.open("layer-1-hardware")
    steps = s.lessons.session.lesson.steps
    index = next(i for i, st in enumerate(steps) if st.action and st.action.kind == "fault" and st.highlight)
    s.lessons.go_to(index)
    own = set(steps[index].highlight)
    leak = set(s.highlights.get("fault"))
    assert own and leak
    s.set_lens("osi")
    s.set_lens(None)
    assert set(s.highlights.get("fault")) == leak and set(s.highlights.get("lesson")) == own
    highlighted = {r for r, i in lesson_window.scene.items_by_ref.items() if i.state.highlighted}
    assert own | {r for r in leak if r in lesson_window.scene.items_by_ref} <= highlighted


def test_actions_reach_the_rest_of_the_app(lesson_window) -> None:
    s = lesson_window.state
    s.lessons.open("leaky-abstractions")
    flows = [i for i, st in enumerate(s.lessons.session.lesson.steps) if st.action and st.action.kind == "flow"]
    s.lessons.go_to(flows[0])
    assert s.flow.flow is not None
    assert lesson_window.panel("lessons").play_button.isVisibleTo(lesson_window.panel("lessons"))
    assert lesson_window.current_panel().key == "lessons"


def test_scale_action_swaps_in_the_strip(lesson_window) -> None:
    s = lesson_window.state
    s.lessons.open("ai-power-ceiling")
    steps = [i for i, st in enumerate(s.lessons.session.lesson.steps) if st.action and st.action.kind == "scale"]
    s.lessons.go_to(steps[0])
    assert lesson_window.left.currentWidget() is lesson_window.panel("scale").strip


def test_reset_asks_first(lesson_window, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    s = lesson_window.state
    panel = lesson_window.panel("lessons")
    s.lessons.open("budgets")
    _next(s.lessons)
    panel.close_lesson()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    panel.ask_reset()
    assert s.lessons.store.get("budgets").step == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    panel.ask_reset()
    assert s.lessons.store.get("budgets").step == 0


def _example(tmp_path, sub: str):
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "docs" / "examples" / "lessons" / "dns.yaml"
    folder = tmp_path / sub
    folder.mkdir(parents=True)
    target = folder / "dns.yaml"
    target.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    return folder, target


def test_open_a_lesson_file(lesson_window, tmp_path) -> None:
    _folder, target = _example(tmp_path, "course")
    assert lesson_window.open_lesson_file(target)
    assert lesson_window.state.lessons.session.lesson.id == "dns"
    assert lesson_window.current_panel().key == "lessons"


def test_open_a_lessons_folder(lesson_window, tmp_path) -> None:
    folder, _target = _example(tmp_path, "shared-course/lessons")
    assert lesson_window.open_lessons_folder(folder) == 1
    assert "dns" in {lesson.id for lesson in lesson_window.state.lessons.lessons}
