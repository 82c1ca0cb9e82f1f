"""Presenter mode: full screen, projector-sized type, spotlight, blank screen, clicker keys.

Clickers send PageDown/PageUp (some Space and the arrows); in presenter mode those keys go to
``window.advance(±1)`` wherever focus is, which steps the open lesson, else the loaded flow,
else walks the column. B blanks the screen, S toggles the spotlight, Esc leaves.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

CLICKER_NEXT = {Qt.Key_PageDown, Qt.Key_Space, Qt.Key_Right}
CLICKER_BACK = {Qt.Key_PageUp, Qt.Key_Left, Qt.Key_Backspace}
PRESENTER_BODY_PX = 24


class BlankScreen(QLabel):
    """A black curtain over the window; any key or click lifts it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setStyleSheet("background: #000000; color: #333333;")
        self.setAlignment(Qt.AlignBottom | Qt.AlignRight)
        self.setText("B to return  ")
        self.setAccessibleName("Blank screen")
        self.hide()

    def cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()


class Presenter(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self.spotlight = False
        self._saved: dict = {}
        self.blank = BlankScreen(window)
        window.presenter = self
        action = window._action(window.view_menu, "&Presenter mode", self.toggle, "F5",
                                "Full screen with projector-sized text; Esc leaves")
        action.setCheckable(True)
        self.action = action
        window._action(window.view_menu, "&Spotlight the selection", self.toggle_spotlight, "S",
                       "Dim everything but the selected layer or seam")
        window._action(window.view_menu, "&Blank the screen", self.toggle_blank, "B")
        window.extra_shortcuts += [
            ("F5", "presenter mode on/off"),
            ("PageDown / Space / →", "in presenter mode: next lesson step, flow event or layer"),
            ("PageUp / ←", "in presenter mode: back"),
            ("S", "spotlight the selection"),
            ("B", "blank the screen (any key returns)"),
            ("L", "next lens"),
        ]
        window.column.selectionChanged.connect(self._on_selection)

    # mode ---------------------------------------------------------------------------------
    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def enter(self, *, fullscreen: bool = True) -> None:
        w = self.window
        self._saved = {"geometry": w.saveGeometry(), "sizes": w.splitter.sizes(),
                       "inspector_font": w.inspector.view.font()}
        self.active = True
        w.menuBar().hide()
        w.statusBar().hide()
        w.scene.presenter = True
        # Every panel's text, projector-sized. A style sheet rule, because with an application
        # style sheet in place Qt no longer propagates setFont() to children.
        w.extra_css = f"QTabWidget QWidget {{ font-size: {PRESENTER_BODY_PX}px; }}"
        w.apply_theme(w.theme_name)
        font = w.inspector.view.font()
        font.setPixelSize(PRESENTER_BODY_PX)
        w.inspector.view.setFont(font)
        if fullscreen:  # ``render --presenter`` draws at a given size instead
            w.showFullScreen()
        total = max(w.splitter.width(), 1000)
        w.splitter.setSizes([round(total * 0.66), round(total * 0.34)])
        size = w.column.viewport().size()
        w.scene.layout(size.width(), size.height())
        QApplication.instance().installEventFilter(self)
        self.action.setChecked(True)

    def leave(self) -> None:
        w = self.window
        if not self.active:
            return
        QApplication.instance().removeEventFilter(self)
        self.active = False
        self.blank.hide()
        w.scene.presenter = False
        w.inspector.view.setFont(self._saved["inspector_font"])
        w.extra_css = ""
        w.apply_theme(w.theme_name)
        w.menuBar().show()
        w.statusBar().show()
        w.showNormal()
        w.restoreGeometry(self._saved["geometry"])
        w.splitter.setSizes(self._saved["sizes"])
        size = w.column.viewport().size()
        w.scene.layout(size.width(), size.height())
        self.action.setChecked(False)

    # spotlight and blank ----------------------------------------------------------------------
    def toggle_spotlight(self) -> None:
        self.spotlight = not self.spotlight
        self._on_selection(self.window.column.selected)

    def _on_selection(self, ref: str | None) -> None:
        if self.spotlight and ref:
            self.window.scene.set_spotlight({ref})
        else:
            self.window.scene.set_spotlight(None)

    def toggle_blank(self) -> None:
        if self.blank.isVisible():
            self.blank.hide()
        else:
            self.blank.cover()

    # clicker keys -----------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.KeyPress or not self.active:
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self.window:
            return False
        key = event.key()
        if self.blank.isVisible():
            self.blank.hide()
            return True
        if key == Qt.Key_Escape:
            self.leave()
            return True
        if key == Qt.Key_B:
            self.blank.cover()
            return True
        if key in CLICKER_NEXT or key in CLICKER_BACK:
            # Let text fields keep their arrows and spaces.
            focus = QApplication.focusWidget()
            if focus is not None and focus.inherits("QLineEdit"):
                return False
            self.window.advance(1 if key in CLICKER_NEXT else -1)
            return True
        return False


def install(window) -> None:
    Presenter(window)
