"""Lesson mode in the window: the list, steps, checks with feedback, highlights, resume, keys."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def lesson_window(window, tmp_path, monkeypatch):
    monkeypatch.setenv("STACKSCOPE_HOME", str(tmp_path))
    from desktop.ui.features import install_features

    names = ["desktop.ui.flow_panel", "desktop.ui.load_panel", "desktop.ui.scale_view", "desktop.ui.lesson_panel"]
    assert install_features(window, names) == names
    window.show_panel(window.lesson_panel)
    return window


def test_list_shows_every_shipped_lesson(lesson_window) -> None:
    panel = lesson_window.lesson_panel
    panel.reload()
    assert panel.list.count() == len(panel.lessons) >= 14
    assert not panel.problems


def _answers(check, stack):
    """A wrong and a right answer for a check, derived from its data."""
    if check.kind == "choice":
        right = list(check.correct_options)
        wrong = [i for i in range(len(check.options)) if i not in right][:1]
        return wrong, right
    if check.kind == "numeric":
        return str(check.answer + 10 * check.tolerance + abs(check.answer) + 1), str(check.answer)
    return list(reversed(check.items)), list(check.items)


def test_walk_a_lesson_through_the_panel(qtbot, lesson_window) -> None:
    panel = lesson_window.lesson_panel
    panel.open_lesson("layer-1-hardware")
    session = panel.session
    while True:
        step = session.step
        highlighted = {r for r, i in lesson_window.scene.items_by_ref.items() if i.state.highlighted}
        assert highlighted == {r for r in step.highlight if r in lesson_window.scene.items_by_ref}
        if step.check is not None:
            wrong, right = _answers(step.check, lesson_window.stack)
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
        qtbot.keyClick(panel.text, Qt.Key_PageDown)
    assert session.completed
    panel.close_lesson()
    assert "✓ done" in panel.list.item(next(i for i in range(panel.list.count())
                                            if panel.list.item(i).data(Qt.UserRole) == "layer-1-hardware")).text()


def test_resume_where_the_student_left(lesson_window) -> None:
    panel = lesson_window.lesson_panel
    panel.open_lesson("whole-stack")
    panel.go(1)
    panel.go(1)
    panel.close_lesson()
    panel.open_lesson("whole-stack")
    assert panel.session.index == 2
    assert "Step 3 of" in panel.heading.text()


def test_actions_reach_the_other_panels(lesson_window) -> None:
    panel = lesson_window.lesson_panel
    panel.open_lesson("leaky-abstractions")
    flows = [i for i, s in enumerate(panel.session.lesson.steps) if s.action and s.action.kind == "flow"]
    panel.go_to(flows[0])
    assert lesson_window.flow_panel.flow is not None
    assert panel.play_button.isVisible()
    assert lesson_window.current_panel() is panel


def test_scale_action_swaps_in_the_strip(lesson_window) -> None:
    panel = lesson_window.lesson_panel
    panel.open_lesson("ai-power-ceiling")
    steps = [i for i, s in enumerate(panel.session.lesson.steps) if s.action and s.action.kind == "scale"]
    panel.go_to(steps[0])
    assert lesson_window.left.currentWidget() is lesson_window.scale_panel.strip


def test_reset_asks_first(lesson_window, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    panel = lesson_window.lesson_panel
    panel.open_lesson("budgets")
    panel.go(1)
    panel.close_lesson()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    panel.ask_reset()
    assert panel.store.get("budgets").step == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    panel.ask_reset()
    assert panel.store.get("budgets").step == 0


def test_open_a_lesson_file(lesson_window, tmp_path) -> None:
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "docs" / "examples" / "lessons" / "dns.yaml"
    folder = tmp_path / "course"
    folder.mkdir()
    target = folder / "dns.yaml"
    target.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    panel = lesson_window.lesson_panel
    panel.open_file(target)
    assert panel.session is not None and panel.session.lesson.id == "dns"


def test_open_a_lessons_folder(lesson_window, tmp_path) -> None:
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "docs" / "examples" / "lessons" / "dns.yaml"
    folder = tmp_path / "shared-course" / "lessons"
    folder.mkdir(parents=True)
    (folder / "dns.yaml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    panel = lesson_window.lesson_panel
    assert panel.open_folder(folder) == 1
    assert "dns" in {l.id for l in panel.lessons}
