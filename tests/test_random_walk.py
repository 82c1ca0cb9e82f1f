"""A seeded random walk over the real window: keys to the focused widget, clicks on buttons
and the column, tab switches, flows, faults, lessons, presenter on and off. Any exception or
logged error fails the walk and names the seed and the step, so it can be replayed:
``STACKSCOPE_WALK_SEED=N python -m pytest tests/test_random_walk.py``."""
from __future__ import annotations

import os
import random

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog, QFileDialog,
                               QInputDialog, QListWidget, QMessageBox, QSlider)

SEED = int(os.environ.get("STACKSCOPE_WALK_SEED", "2026"))
STEPS = int(os.environ.get("STACKSCOPE_WALK_STEPS", "2000"))
KEYS = [(Qt.Key_Space, Qt.NoModifier), (Qt.Key_Right, Qt.NoModifier), (Qt.Key_Left, Qt.NoModifier),
        (Qt.Key_Up, Qt.NoModifier), (Qt.Key_Down, Qt.NoModifier), (Qt.Key_Home, Qt.NoModifier),
        (Qt.Key_PageDown, Qt.NoModifier), (Qt.Key_PageUp, Qt.NoModifier), (Qt.Key_Return, Qt.NoModifier),
        (Qt.Key_Escape, Qt.NoModifier), (Qt.Key_S, Qt.NoModifier), (Qt.Key_B, Qt.NoModifier),
        (Qt.Key_L, Qt.NoModifier), (Qt.Key_F5, Qt.NoModifier), (Qt.Key_Tab, Qt.NoModifier),
        (Qt.Key_T, Qt.ControlModifier), (Qt.Key_0, Qt.ControlModifier), (Qt.Key_2, Qt.NoModifier),
        (Qt.Key_Backspace, Qt.NoModifier)] + [(getattr(Qt, f"Key_{n}"), Qt.ControlModifier) for n in range(1, 8)]


@pytest.fixture
def quiet_dialogs(monkeypatch):
    """Dialogs answer at once (a walk must never wait on a modal)."""
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.No))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", staticmethod(lambda *a, **k: True))


def _visible(window, cls):
    return [w for w in window.findChildren(cls) if w.isVisible() and w.isEnabled() and w.window() is window]


def _walk(window, qtbot, rng: random.Random) -> str:
    s = window.state
    roll = rng.random()
    if roll < 0.35:
        key, mod = rng.choice(KEYS)
        target = QApplication.focusWidget() or window
        qtbot.keyClick(target, key, mod)
        return f"key {key!r}+{mod!r} to {type(target).__name__}"
    if roll < 0.50:
        buttons = _visible(window, QAbstractButton)
        if buttons:
            button = rng.choice(buttons)
            button.setFocus()
            button.click()
            return f"click {button.accessibleName() or button.text()!r}"
    if roll < 0.57:
        view = window.column.viewport()
        point = QPoint(rng.randrange(max(1, view.width())), rng.randrange(max(1, view.height())))
        qtbot.mouseClick(view, Qt.LeftButton, pos=point)
        return f"click the column at {point.x()},{point.y()}"
    if roll < 0.65:
        window.panels.setCurrentIndex(rng.randrange(window.panels.count()))
        return f"tab {window.current_panel().key}"
    if roll < 0.72:
        combos = _visible(window, QComboBox)
        if combos:
            combo = rng.choice(combos)
            combo.setCurrentIndex(rng.randrange(combo.count()))
            return f"choose {combo.accessibleName()!r} {combo.currentText()!r}"
    if roll < 0.76:
        sliders = _visible(window, QSlider)
        if sliders:
            slider = rng.choice(sliders)
            slider.setValue(rng.randint(slider.minimum(), slider.maximum()))
            return f"slide {slider.accessibleName()!r}"
    if roll < 0.82:
        lists = [w for w in _visible(window, QListWidget) if w.count()]
        if lists:
            widget = rng.choice(lists)
            item = widget.item(rng.randrange(widget.count()))
            if item.flags() & Qt.ItemIsUserCheckable:
                item.setCheckState(Qt.Unchecked if item.checkState() == Qt.Checked else Qt.Checked)
            widget.setCurrentItem(item)
            return f"list {widget.accessibleName()!r} row {widget.row(item)}"
    if roll < 0.86:
        s.flow.load(rng.choice(s.flow.flow_ids()))
        s.flow.play()
        return f"flow {s.flow.flow.id}"
    if roll < 0.90:
        if s.flow.loaded:
            s.flow.advance(rng.random())
        return "playback moves on"
    if roll < 0.94:
        s.lessons.ensure_loaded()
        lesson = rng.choice(s.lessons.lessons)
        s.lessons.open(lesson.id)
        s.lessons.go_to(rng.randrange(len(lesson.steps)))
        return f"lesson {lesson.id} step {s.lessons.session.index}"
    if roll < 0.97:
        (window.presenter.leave if s.presenter else lambda: window.presenter.enter(fullscreen=False))()
        return f"presenter {'on' if s.presenter else 'off'}"
    s.select(rng.choice([None, *s.stack.refs()]))
    return f"select {s.selection}"


def test_random_walk_raises_nothing(qtbot, window, quiet_dialogs, no_logged_errors) -> None:
    from desktop.core.learn.progress import ProgressStore

    window.state.lessons.store = ProgressStore(window.state.lessons.user_folder.parent / "walk")
    rng = random.Random(SEED)
    done: list[str] = []
    for step in range(STEPS):
        try:
            done.append(_walk(window, qtbot, rng))
            QApplication.processEvents()
        except Exception as exc:  # noqa: BLE001 - report the seed and the path that led here
            pytest.fail(f"seed {SEED}, step {step}: {done[-1] if done else 'start'} → {type(exc).__name__}: {exc}"
                        f"\nlast steps: {done[-8:]}")
        if no_logged_errors.records:
            record = no_logged_errors.records[0]
            no_logged_errors.records.clear()
            pytest.fail(f"seed {SEED}, step {step} ({done[-1]}) logged: {record.getMessage()}: {record.exc_info[1]!r}"
                        f"\nlast steps: {done[-8:]}")
    assert len(done) == STEPS
    print(f"random walk: seed {SEED}, {STEPS} actions, 0 exceptions")
