"""Presenter mode: full screen, projector-sized type, spotlight, blank screen, clicker keys.

Clickers send PageDown/PageUp (some Space and the arrows). In presenter mode the window's key
actions for those keys step ``state.advance`` — the open lesson, else the loaded flow, else the
column — wherever focus is (a text field keeps its own keys). B blanks the screen and any key
lifts it; S toggles the spotlight; Esc leaves.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from desktop.ui.mainwindow import MainWindow

PRESENTER_BODY_PX = 24      # on a 1080-line screen; see ``body_px``
PANEL_SHARE = 0.30          # of the screen's width, at most, for the panels in presenter mode
QWIDGETSIZE_MAX = (1 << 24) - 1


def body_px(height: int) -> int:
    """Projector type for a screen ``height`` logical pixels tall: 24 px on 1080 lines and the
    same share of the height on any other. A projector throws a 1280×720 picture as large as a
    1920×1080 one, so 16 px there reads from the back row exactly as 24 px does here; a fixed
    24 px would leave a 720-line screen room for only a few words a line."""
    return round(PRESENTER_BODY_PX * min(max(height / 1080.0, 2 / 3), 2.0))


class BlankScreen(QLabel):
    """A black curtain over the window; any key or click lifts it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setStyleSheet("background: #000000; color: #333333;")
        self.setAlignment(Qt.AlignBottom | Qt.AlignRight)
        self.setText(QCoreApplication.translate("Presenter", "B to return") + "  ")
        self.setAccessibleName(QCoreApplication.translate("Presenter", "Blank screen"))
        self.setFocusPolicy(Qt.StrongFocus)
        self._return_focus: QWidget | None = None
        self.hide()

    def cover(self) -> None:
        from PySide6.QtWidgets import QApplication

        self._return_focus = QApplication.focusWidget()
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        self.setFocus(Qt.OtherFocusReason)
        self.grabKeyboard()

    def lift(self) -> None:
        if self.isVisible():
            self.releaseKeyboard()
            self.hide()
            if self._return_focus is not None:
                self._return_focus.setFocus(Qt.OtherFocusReason)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.lift()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.lift()


class Presenter(QObject):
    def __init__(self, main: MainWindow) -> None:
        super().__init__(main)
        self.main = main
        self.state = main.state
        self._saved: dict = {}
        self.px = PRESENTER_BODY_PX   # the type size in force while presenting
        self.blank = BlankScreen(main)
        self.action = main.add_action(main.view_menu, QCoreApplication.translate("Presenter", "&Presenter mode"),
                                      self.toggle_soon, "F5",
                                      QCoreApplication.translate("Presenter", "Full screen with projector-sized text; Esc leaves"))
        self.action.setCheckable(True)
        main.add_action(main.view_menu, QCoreApplication.translate("Presenter", "&Spotlight the selection"),
                        lambda: self.state.set_spotlight(not self.state.spotlight), "S",
                        QCoreApplication.translate("Presenter", "Dim everything but the selected layer or seam"))
        main.add_action(main.view_menu, QCoreApplication.translate("Presenter", "&Blank the screen"), self.toggle_blank, "B",
                        QCoreApplication.translate("Presenter", "Any key or click returns"))

    @property
    def active(self) -> bool:
        return self.state.presenter

    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def toggle_soon(self) -> None:
        """F5: toggle once the key's dispatch has returned. Entering restyles the whole
        application, and doing that from inside a shortcut handler crashes Qt (6.11)."""
        QTimer.singleShot(0, self, self.toggle)

    def leave_soon(self) -> None:
        """Esc in presenter mode: leave after the key's dispatch (see ``toggle_soon``)."""
        QTimer.singleShot(0, self, self.leave)

    def enter(self, *, fullscreen: bool = True) -> None:
        w = self.main
        if self.active:
            return
        self._saved = {"geometry": w.saveGeometry(), "sizes": w.splitter.sizes(),
                       "splitter": w.splitter.saveState(), "inspector_font": w.inspector.view.font()}
        w.menuBar().hide()
        w.statusBar().hide()
        w.scene.presenter = True
        screen = w.screen().geometry() if fullscreen else w.geometry()
        self._retype(body_px(screen.height()))
        if fullscreen:  # ``render --presenter`` draws at a given size instead
            w.showFullScreen()
            if w.geometry() != screen:   # no window manager to honour full screen (a bare X
                w.setGeometry(screen)    # server, some kiosk set-ups): cover the screen anyway
        self.fit()
        size = w.column.viewport().size()
        w.scene.layout(size.width(), size.height())
        self.action.setChecked(True)
        self.state.set_presenter(True)

    def layout_to_remember(self):
        """(window geometry, splitter state) as they were before presenting: what the next
        start should open with, not a full-screen window with the panels squeezed."""
        return self._saved["geometry"], self._saved["splitter"]

    def _retype(self, px: int) -> None:
        """Every panel's text at ``px``. A style sheet rule, because with an application style
        sheet in place Qt no longer propagates setFont() to children."""
        w = self.main
        self.px = px
        w.extra_css = f"QTabWidget QWidget, QToolButton[tab=\"true\"] {{ font-size: {px}px; }}"
        w.apply_theme(self.state.theme)
        font = w.inspector.view.font()
        font.setPixelSize(px)
        w.inspector.view.setFont(font)

    def fit(self) -> None:
        """The column is what the room reads: the panels may not take more than their share of
        the width, whatever their widgets would like (again on every resize: going full
        screen arrives later than ``enter``). A new height gets its own type size, restyled
        once the resize has returned (restyling inside a resize event re-enters layout)."""
        w = self.main
        if body_px(w.height()) != self.px:
            QTimer.singleShot(0, self, lambda: self.active and self._retype(body_px(w.height())))
        total = max(w.width(), 1000)
        w.panels.holder.setMaximumWidth(round(total * PANEL_SHARE))
        w.splitter.setSizes([round(total * (1 - PANEL_SHARE)), round(total * PANEL_SHARE)])

    def leave(self) -> None:
        w = self.main
        if not self.active:
            return
        self.blank.lift()
        w.scene.presenter = False
        w.inspector.view.setFont(self._saved["inspector_font"])
        w.extra_css = ""
        w.apply_theme(self.state.theme)
        w.menuBar().show()
        w.statusBar().show()
        w.showNormal()
        w.restoreGeometry(self._saved["geometry"])
        w.panels.holder.setMaximumWidth(QWIDGETSIZE_MAX)
        w.splitter.setSizes(self._saved["sizes"])
        size = w.column.viewport().size()
        w.scene.layout(size.width(), size.height())
        self.action.setChecked(False)
        self.state.set_presenter(False)

    def toggle_blank(self) -> None:
        self.blank.lift() if self.blank.isVisible() else self.blank.cover()
