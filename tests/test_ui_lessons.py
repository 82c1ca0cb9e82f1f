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


def _steps_showing(lessons, view_id: str):
    """(lesson id, step index) of shipped steps that show ``view_id`` after loading a flow."""
    return [(lesson.id, i) for lesson in lessons.lessons for i, s in enumerate(lesson.steps)
            if s.show == view_id and s.action is not None and s.action.kind == "flow"]


def test_a_step_that_shows_the_waterfall_draws_it_inside_the_step(lesson_window) -> None:
    from desktop.ui.waterfall import WaterfallView

    s = lesson_window.state
    panel = lesson_window.panel("lessons")
    found = _steps_showing(s.lessons, "waterfall")
    assert found, "some shipped step loads a flow and shows where its time goes"
    lesson_id, index = found[0]
    s.lessons.open(lesson_id)
    s.lessons.go_to(index)
    views = [v for v in panel.findChildren(WaterfallView) if panel.step_view.isAncestorOf(v)]
    assert len(views) == 1
    fall = views[0]
    assert panel.step_view.isVisibleTo(panel) and panel.isAncestorOf(fall)
    assert lesson_window.current_panel().key == "lessons"
    # fed by the state, not by the Flow panel: a fresh instance with the loaded flow's hops
    flow_panel = lesson_window.panel("flow")
    assert not flow_panel.isAncestorOf(fall)
    assert len(fall.bars) == len(s.flow.timeline.events) > 0
    # the step's text, the view and the buttons share the panel (the view sits between them)
    step_page = panel.pages.currentWidget()
    y = lambda w: w.mapTo(step_page, w.rect().topLeft()).y()   # noqa: E731
    assert y(panel.text) < y(panel.step_view) < y(panel.next)
    # sized so that at 1280×720 all three are on screen: the view compact, the text not squeezed
    from desktop.ui.lesson_views import MIN_HEIGHT

    assert panel.text.height() >= panel.step_view.height() >= MIN_HEIGHT
    assert y(panel.next) + panel.next.height() <= step_page.height()
    # it follows the flow as it steps
    s.flow.pause()
    s.flow.seek(0.0)
    start = fall.now
    assert s.flow.step(1) and s.flow.step(1)
    assert fall.now > start and fall.now == pytest.approx(s.flow.clock.sim_time)
    s.flow.step(1)
    assert fall.now == pytest.approx(s.flow.clock.sim_time)
    # a new timeline (a fault struck) redraws it
    before = [b.rect().width() for b in fall.bars]
    from desktop.core.sim.faults import fault_ids

    s.set_fault(fault_ids()[0], True)
    assert [b.rect().width() for b in fall.bars] != before or fall.other is not None
    s.clear_faults()


def test_moving_to_a_step_without_a_view_removes_it(lesson_window) -> None:
    from desktop.ui.waterfall import WaterfallView

    s = lesson_window.state
    panel = lesson_window.panel("lessons")
    lesson_id, index = _steps_showing(s.lessons, "waterfall")[0]
    s.lessons.open(lesson_id)
    s.lessons.go_to(index)
    shown = panel.step_view
    assert shown is not None
    links = len(s.flow.events.frame)
    plain = next(i for i, st in enumerate(s.lessons.session.lesson.steps) if not st.show)
    s.lessons.go_to(plain)
    assert panel.step_view is None and not panel.view_area.isVisibleTo(panel)
    assert not [v for v in panel.findChildren(WaterfallView) if v.parent() is not None
                and panel.isAncestorOf(v) and v.isVisibleTo(panel)]
    assert len(s.flow.events.frame) == links - 1        # it let go of the state
    s.lessons.go_to(index)                               # and back: a new one, built lazily
    assert panel.step_view is not None and panel.step_view is not shown
    s.lessons.close()
    assert panel.step_view is None


@pytest.mark.parametrize("view_id", ["energy", "headers", "load-curve", "load-run"])
def test_each_view_a_shipped_step_shows_draws_from_the_state(lesson_window, view_id) -> None:
    s = lesson_window.state
    panel = lesson_window.panel("lessons")
    found = [(lesson.id, i) for lesson in s.lessons.lessons for i, st in enumerate(lesson.steps)
             if st.show == view_id]
    if not found:
        pytest.skip(f"no shipped step shows {view_id}")
    lesson_id, index = found[0]
    s.lessons.open(lesson_id)
    s.lessons.go_to(index)
    view = panel.step_view
    assert view is not None and view.view_id == view_id and view.isVisibleTo(panel)
    assert not view.empty.isVisible(), view.empty.text()     # the step's action gave it data
    if view_id == "energy":
        assert len(view.plots.it_bars.opts["x"]) == len(s.flow.timeline.events)
        faulty = bool(s.flow.timeline.series)          # room for one plot: the fault's own, if any
        assert view.plots.fault.isVisibleTo(panel) == faulty != view.plots.energy.isVisibleTo(panel)
        assert set(view.plots.extra) == set(s.flow.timeline.series)
    elif view_id == "headers":
        s.flow.pause()
        events = s.flow.timeline.events
        hops = [i for i, e in enumerate(events) if e.pdu]
        assert hops and hops[0] > 0
        s.flow.seek_event(0)                           # off the wire: the next hop on it
        assert view.headers.headers() == [(h.osi, h.name) for h in events[hops[0]].pdu]
        last = hops[-1]
        s.flow.seek_event(last)                        # it follows the flow hop by hop
        assert view.headers.headers() == [(h.osi, h.name) for h in events[last].pdu]
    else:
        keep = {"load-curve": view.plots.curve, "load-run": view.plots.time}[view_id]
        other = view.plots.time if keep is view.plots.curve else view.plots.curve
        assert keep.isVisibleTo(panel) and not other.isVisibleTo(panel)
        before = list(view.plots.time_lines["p99"].getData()[1])
        s.load.set_utilisation(s.load.rho / 2)
        assert list(view.plots.time_lines["p99"].getData()[1]) != before


def test_a_long_answer_wraps_and_its_words_pick_it(qtbot, lesson_window) -> None:
    """A radio button's own text never wraps (long answers were cut at projector type): the
    words sit beside it in a wrapping label, and a click on them chooses the answer."""
    from PySide6.QtWidgets import QLabel

    s = lesson_window.state
    found = [(lesson.id, i) for lesson in s.lessons.lessons for i, st in enumerate(lesson.steps)
             if st.check is not None and st.check.kind == "choice"]
    lesson_id, index = max(found, key=lambda f: max(len(o.text) for o in s.lessons.lesson(f[0]).steps[f[1]].check.options))
    s.lessons.open(lesson_id)
    s.lessons.go_to(index)
    widget = lesson_window.panel("lessons").check_widget
    words = {label.text(): label for label in widget.findChildren(QLabel) if label.buddy() is not None}
    options = s.lessons.session.step.check.options
    assert set(words) == {o.text for o in options}
    assert all(label.wordWrap() for label in words.values())
    index_of, button = widget.buttons[-1]
    label = words[options[index_of].text]
    assert label.buddy() is button and not button.isChecked()
    qtbot.mouseClick(label, Qt.LeftButton)
    assert button.isChecked() and widget.answer() == [index_of]


def test_a_click_on_a_lesson_row_selects_it_without_an_error(qtbot, window) -> None:
    """The wrapping list's tick-on-click once read a check state the lesson rows do not have
    (Qt makes list rows 'checkable' by default) and raised on every click."""
    from PySide6.QtCore import Qt

    panel = window.show_panel("lessons")
    lst = panel.list
    assert lst.count() > 1
    rect = lst.visualItemRect(lst.item(1))
    qtbot.mouseClick(lst.viewport(), Qt.LeftButton, pos=rect.center())
    assert lst.currentRow() == 1
    assert lst.item(1).data(Qt.CheckStateRole) is None     # no box appeared either
