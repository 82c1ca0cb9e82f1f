"""The wrapping tab strip: every tab stays in sight at any width, and it drives its pages."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop.ui.tab_strip import StripTabs


def _tabs(qtbot, names: list[str]) -> StripTabs:
    tabs = StripTabs("Test tabs")
    for name in names:
        tabs.addTab(QLabel(name), name)
    qtbot.addWidget(tabs.holder)
    return tabs


NAMES = ["Inspector", "Flow", "Load", "Lessons", "Scale", "Faults", "Outline", "Scenarios"]


def test_every_tab_is_in_sight_at_a_narrow_width(qtbot) -> None:
    tabs = _tabs(qtbot, NAMES)
    tabs.holder.resize(260, 400)
    tabs.holder.show()
    qtbot.waitExposed(tabs.holder)
    strip = tabs.strip
    buttons = strip.buttons()
    assert [b.text() for b in buttons] == NAMES
    assert strip.flow.rows(strip.width()) > 1            # it wrapped rather than scrolled
    for b in buttons:
        assert strip.rect().contains(b.geometry()), b.text()
        assert b.width() >= b.sizeHint().width(), b.text()
    for a, b in zip(buttons, buttons[1:]):
        assert not a.geometry().intersects(b.geometry()), (a.text(), b.text())
    # The pages start below the last row of buttons.
    assert tabs.geometry().top() >= strip.geometry().bottom()


def test_one_row_when_there_is_room(qtbot) -> None:
    tabs = _tabs(qtbot, NAMES[:3])
    tabs.holder.resize(900, 300)
    tabs.holder.show()
    qtbot.waitExposed(tabs.holder)
    assert tabs.strip.flow.rows(tabs.strip.width()) == 1


def test_the_strip_and_the_pages_agree(qtbot) -> None:
    tabs = _tabs(qtbot, NAMES[:4])
    tabs.holder.show()
    qtbot.mouseClick(tabs.strip.buttons()[2], Qt.LeftButton)
    assert tabs.currentIndex() == 2
    tabs.setCurrentIndex(1)
    assert tabs.strip.buttons()[1].isChecked() and not tabs.strip.buttons()[2].isChecked()
    tabs.addTab(QLabel("late"), "Late")            # panels arrive after the first paint
    tabs.setTabToolTip(4, "Added later")
    assert tabs.strip.buttons()[4].text() == "Late"
    assert tabs.strip.buttons()[4].toolTip() == "Added later"
    assert tabs.strip.buttons()[1].isChecked()
    tabs.removeTab(0)
    assert [b.text() for b in tabs.strip.buttons()] == ["Flow", "Load", "Lessons", "Late"]
    assert not tabs.tabBar().isVisible()


def test_the_window_panels_wrap_in_presenter_mode(qtbot, window) -> None:
    window.presenter.enter(fullscreen=False)
    try:
        window.resize(1280, 720)
        QApplication.processEvents()   # the new type size restyles once the resize returns
        QApplication.processEvents()
        strip = window.panels.strip
        assert len(strip.buttons()) == window.panels.count()
        for b in strip.buttons():
            assert b.isVisible() and strip.rect().contains(b.geometry()), b.text()
    finally:
        window.presenter.leave()


def test_a_corner_widget_sits_beside_the_strip(qtbot) -> None:
    from PySide6.QtWidgets import QPushButton

    tabs = _tabs(qtbot, ["Where the time goes", "Energy", "Headers"])
    corner = QPushButton("Whole run")
    tabs.setCornerWidget(corner)
    tabs.holder.resize(300, 300)
    tabs.holder.show()
    qtbot.waitExposed(tabs.holder)
    assert corner.isVisible() and corner.geometry().left() >= tabs.strip.geometry().right()
    assert all(tabs.strip.rect().contains(b.geometry()) for b in tabs.strip.buttons())
    assert tabs.geometry().top() >= max(tabs.strip.geometry().bottom(), corner.geometry().bottom())
