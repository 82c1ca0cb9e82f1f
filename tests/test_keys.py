"""Every documented key does its action from every panel, with focus on a widget inside it.

The keys go to the focused widget as a person's would (``QTest`` through the shortcut map),
not to a slot. The same module runs in a real X window under Xvfb (``test_real_window.py``).
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox,
                               QGraphicsView, QLineEdit, QTextEdit, QWidget)

from desktop.ui.panels import PANELS

KINDS = {"button": QAbstractButton, "combo": QComboBox, "list": QAbstractItemView, "text": QTextEdit,
         "plot": QGraphicsView}


def _focusables(panel: QWidget) -> dict[str, QWidget]:
    """One visible, enabled, focusable widget of each kind inside the panel."""
    found: dict[str, QWidget] = {}
    for widget in panel.findChildren(QWidget):
        if not widget.isVisible() or not widget.isEnabled() or widget.focusPolicy() == Qt.NoFocus:
            continue
        for kind, cls in KINDS.items():
            if kind not in found and isinstance(widget, cls) and not isinstance(widget, QLineEdit):
                found[kind] = widget
    return found


PANEL_KEYS = [cls.key for cls in PANELS]


@pytest.fixture
def focus(window, qtbot):
    """``focus(panel)`` shows the panel and yields each kind of widget inside it, focused."""
    window.activateWindow()

    def each(key: str):
        panel = window.show_panel(key)
        if key == "lessons":
            window.state.lessons.open("whole-stack")
        kinds = list(_focusables(panel))
        assert kinds, f"nothing in the {key} panel takes focus"
        for kind in kinds:
            window.show_panel(key)
            widget = _focusables(panel)[kind]
            widget.setFocus(Qt.OtherFocusReason)
            yield kind, widget

    return each


def press(qtbot, key, modifier=Qt.NoModifier) -> None:
    target = QApplication.focusWidget() or QApplication.activeWindow()
    qtbot.keyClick(target, key, modifier)
    QApplication.processEvents()   # what a key starts after its dispatch (presenter, restyle) runs


@pytest.mark.parametrize("panel", PANEL_KEYS)
def test_window_keys_work_from_inside_every_panel(qtbot, window, focus, panel) -> None:
    for kind, _widget in focus(panel):
        _window_keys(qtbot, window, panel, kind)


def _window_keys(qtbot, window, panel: str, kind: str) -> None:
    s = window.state
    lens = s.lens
    press(qtbot, Qt.Key_L)
    assert s.lens != lens, f"L: next lens ({panel}, {kind})"
    spot = s.spotlight
    press(qtbot, Qt.Key_S)
    assert s.spotlight != spot, "S: spotlight"
    theme = s.theme
    press(qtbot, Qt.Key_T, Qt.ControlModifier)
    assert s.theme != theme, "Ctrl+T: next theme"
    press(qtbot, Qt.Key_1, Qt.ControlModifier)
    assert window.current_panel().key == "inspector", "Ctrl+1: the inspector"
    n = [cls.key for cls in PANELS].index(panel) + 1
    press(qtbot, getattr(Qt, f"Key_{n}"), Qt.ControlModifier)
    assert window.current_panel().key == panel, f"Ctrl+{n}: back to {panel}"


@pytest.mark.parametrize("panel", PANEL_KEYS)
def test_presenter_keys_work_from_inside_every_panel(qtbot, window, focus, panel) -> None:
    for kind, _widget in focus(panel):
        _presenter_keys(qtbot, window, panel, kind)


def _presenter_keys(qtbot, window, panel: str, kind: str) -> None:
    s = window.state
    s.select(None)
    press(qtbot, Qt.Key_F5)
    assert s.presenter, f"F5: presenter mode ({panel}, {kind})"
    before = (s.selection, s.flow.clock.event_index if s.flow.loaded else None,
              s.lessons.session.index if s.lessons.session else None)
    press(qtbot, Qt.Key_PageDown)
    after = (s.selection, s.flow.clock.event_index if s.flow.loaded else None,
             s.lessons.session.index if s.lessons.session else None)
    held = s.lessons.session is not None and s.lessons.advance_reason()
    assert after != before or held, f"PageDown: the clicker steps something ({panel}, {kind})"
    press(qtbot, Qt.Key_B)
    assert window.presenter.blank.isVisible(), "B: blank the screen"
    press(qtbot, Qt.Key_A)
    assert not window.presenter.blank.isVisible(), "any key lifts the blank"
    press(qtbot, Qt.Key_Escape)
    assert not s.presenter, "Esc: leave presenter mode"


def test_flow_keys_from_inside_the_flow_panel(qtbot, window, focus) -> None:
    for kind, _widget in focus("flow"):
        _flow_keys(qtbot, window, kind)


def _flow_keys(qtbot, window, kind: str) -> None:
    run = window.state.flow
    assert run.loaded
    before = run.clock.event_index
    press(qtbot, Qt.Key_Right)
    assert run.clock.event_index > before, f"→: next hop (focus on a {kind})"
    press(qtbot, Qt.Key_Space)
    assert run.clock.playing, "Space: play"
    press(qtbot, Qt.Key_Space)
    assert not run.clock.playing, "Space: pause"
    press(qtbot, Qt.Key_Home)
    assert run.clock.event_index <= 0 and run.clock.position < 0.2, "Home: restart (it plays on from the start)"


def test_page_keys_step_an_open_lesson(qtbot, window, focus) -> None:
    lessons = window.state.lessons
    for kind, _widget in focus("lessons"):
        lessons.go_to(_free_step(lessons))
        _widget.setFocus()
        start = lessons.session.index
        press(qtbot, Qt.Key_PageDown)
        assert lessons.session.index == start + 1, f"PageDown with focus on a {kind}"
        press(qtbot, Qt.Key_PageUp)
        assert lessons.session.index == start


def _free_step(lessons) -> int:
    """A step Next may leave at once (not a prediction waiting for its answer)."""
    session = lessons.session
    for i in range(session.count - 1):
        session.go_to(i)
        if not session.can_advance():
            return i
    raise AssertionError("every step of the lesson holds Next")


def test_a_prediction_holds_page_down_and_says_why(qtbot, window) -> None:
    lessons = window.state.lessons
    window.show_panel("lessons")
    lessons.ensure_loaded()
    found = [(lesson.id, i) for lesson in lessons.lessons for i in range(len(lesson.steps))]
    for lesson_id, i in found:
        lessons.open(lesson_id)
        lessons.go_to(i)
        if lessons.advance_reason():
            break
    else:
        pytest.fail("no shipped lesson asks for a prediction")
    panel = window.panel("lessons")
    assert not panel.next.isEnabled() and panel.next_reason.text()
    index = lessons.session.index
    panel.text.setFocus()
    press(qtbot, Qt.Key_PageDown)
    assert lessons.session.index == index, "a prediction must be made first"
    panel.check_widget.set_answer(_any_answer(lessons.session.step.check))
    panel.submit_answer()
    assert panel.next.isEnabled()
    press(qtbot, Qt.Key_PageDown)
    assert lessons.session.index == index + 1


def _any_answer(check):
    if check.kind == "choice":
        return [0]
    if check.kind == "numeric":
        return str(check.answer)
    return list(check.items)


def test_keys_outside_their_panel_are_left_to_the_widget(qtbot, window) -> None:
    """Space on a lesson's answer button presses the button, not the flow's play."""
    window.state.flow.load("card-payment")
    window.show_panel("lessons")
    window.state.lessons.open("whole-stack")
    window.state.flow.pause()
    button = window.panel("lessons").back_to_list
    button.setFocus()
    qtbot.keyClick(button, Qt.Key_Space)
    assert not window.state.flow.clock.playing
    assert window.state.lessons.session is None, "Space pressed the focused button"


def test_typing_in_a_text_field_keeps_letters(qtbot, window) -> None:
    lessons = window.state.lessons
    lessons.ensure_loaded()
    found = [(lesson.id, i) for lesson in lessons.lessons for i, st in enumerate(lesson.steps)
             if st.check is not None and st.check.kind == "numeric"]
    lesson_id, index = found[0]
    window.show_panel("lessons")
    lessons.open(lesson_id)
    lessons.go_to(index)
    field = window.panel("lessons").check_widget.number
    field.setFocus()
    lens, spot = window.state.lens, window.state.spotlight
    qtbot.keyClicks(field, "ls 2")
    assert field.text() == "ls 2" and window.state.lens == lens and window.state.spotlight == spot
