"""Tabs that wrap onto another row instead of scrolling out of sight.

A QTabBar that runs out of width hides the tabs that do not fit behind two small arrows. At
projector type the eight panel names need more than the third of the screen the panels get, so
"Outline" and "Scenarios" simply vanished for the room. ``StripTabs`` is a QTabWidget (pages,
current index, signals and every caller unchanged) whose own bar is hidden; its ``TabStrip``
shows the same tabs as a flow of toggle buttons that wraps onto as many rows as the width needs.
Put ``tabs.holder`` — the strip above the pages — where the tab widget would have gone.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QLayout, QLayoutItem, QSizePolicy, QTabWidget,
                               QToolButton, QVBoxLayout, QWidget)


class FlowLayout(QLayout):
    """Items left to right, wrapping onto a new row when the next one would not fit (the
    layout Qt's own examples describe; QLayout has no such layout built in)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 2) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt override)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientations:  # noqa: N802
        return Qt.Orientations(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def rows(self, width: int) -> int:
        """How many rows the items take at ``width`` (tests and the audit read it)."""
        return len({top for _x, top, _item in self._positions(QRect(0, 0, width, 0))})

    def _positions(self, rect: QRect) -> list[tuple[int, int, QLayoutItem]]:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, row_h, gap = area.x(), area.y(), 0, self.spacing()
        out = []
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, row_h = area.x(), y + row_h + gap, 0
            out.append((x, y, item))
            x += hint.width() + gap
            row_h = max(row_h, hint.height())
        return out

    def _place(self, rect: QRect, *, move: bool) -> int:
        placed = self._positions(rect)
        bottom = rect.y()
        for left, top, item in placed:
            hint = item.sizeHint()
            if move:
                item.setGeometry(QRect(QPoint(left, top), hint))
            bottom = max(bottom, top + hint.height())
        return bottom - rect.y() + self.contentsMargins().bottom()


class TabStrip(QWidget):
    """One toggle button per tab of a QTabWidget, wrapping; a click shows that tab's page."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__()
        self.tabs = tabs
        self.setAccessibleName(tabs.accessibleName())
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
        self.flow = FlowLayout(self)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(tabs.setCurrentIndex)
        tabs.currentChanged.connect(self._check)

    def buttons(self) -> list[QToolButton]:
        """One per tab, in tab order."""
        return self.buttons_in_order()[: self.tabs.count()]

    def sync(self) -> None:
        """Bring the buttons in line with the tabs (after a tab is added, removed or renamed).
        Buttons are positional and kept: adding the eighth tab makes one button, not eight
        (the panels' tabs arrive one by one right after the first paint)."""
        buttons = self.buttons_in_order()
        for button in buttons[self.tabs.count():]:
            self.group.removeButton(button)
            self.flow.removeWidget(button)
            button.hide()   # at once: deleteLater waits for the event loop, and a stale
            button.deleteLater()   # button would sit under the new one until then
        for i in range(self.tabs.count()):
            if i < len(buttons):
                button = buttons[i]
            else:
                button = QToolButton()
                button.setCheckable(True)
                button.setProperty("tab", True)   # the theme's style sheet draws it as a tab
                # Never focused: a click must leave focus where it was (as QTabBar does), and
                # Ctrl+1…8 already reach every panel from the keyboard.
                button.setFocusPolicy(Qt.NoFocus)
                self.group.addButton(button, i)
                self.flow.addWidget(button)   # a child first: shown while parentless, it would
            text = self.tabs.tabText(i)       # be a window and take the focus
            if button.text() != text:
                button.setText(text)
                button.setAccessibleName(text.replace("&", ""))
            button.setToolTip(self.tabs.tabToolTip(i))
            button.setVisible(self.tabs.isTabVisible(i))
        self._check(self.tabs.currentIndex())
        self.updateGeometry()

    def buttons_in_order(self) -> list[QToolButton]:
        found = [self.group.button(i) for i in range(len(self.group.buttons()))]
        return [b for b in found if b is not None]

    def _check(self, index: int) -> None:
        button = self.group.button(index)
        if button is not None:
            button.setChecked(True)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self.flow.heightForWidth(width)

    def sizeHint(self) -> QSize:  # noqa: N802
        width = max(self.width(), self.flow.minimumSize().width())
        return QSize(width, self.flow.heightForWidth(width))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        # A new width may need another row: ask the parent layout for the height again.
        if self.flow.heightForWidth(self.width()) != self.height():
            self.updateGeometry()


class StripTabs(QTabWidget):
    """A QTabWidget shown through a wrapping ``TabStrip``; place ``holder`` in the layout."""

    tabs_changed = Signal()

    def __init__(self, name: str = "") -> None:
        super().__init__()
        if name:
            self.setAccessibleName(name)
        self.setDocumentMode(True)
        self.tabBar().hide()
        self.strip = TabStrip(self)
        self.holder = QWidget()
        self.holder.setAccessibleName(name)
        column = QVBoxLayout(self.holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self._top = QHBoxLayout()      # the strip, and a corner widget at its right if any
        self._top.setContentsMargins(0, 0, 0, 0)
        self._top.addWidget(self.strip, 1)
        column.addLayout(self._top)
        column.addWidget(self, 1)
        self.tabs_changed.connect(self.strip.sync)
        self.currentChanged.connect(self._keep_focus)

    def _keep_focus(self, _index: int) -> None:
        """A page that held the focus was hidden: focus its successor's first field. QTabWidget
        would hand it to its bar, which is hidden here, and focus would be nowhere (the
        keyboard then reaches no widget until a click)."""
        from PySide6.QtWidgets import QApplication

        focused = QApplication.focusWidget()
        page = self.currentWidget()
        if page is None or not self.isVisible() or (focused is not None and focused.isVisible()):
            return
        chain = [page, *page.findChildren(QWidget)]
        target = next((w for w in chain if w.isVisible() and w.isEnabled()
                       and w.focusPolicy() & Qt.TabFocus and w.focusProxy() is None), page)
        target.setFocus(Qt.OtherFocusReason)

    def setCornerWidget(self, widget: QWidget, corner: Qt.Corner = Qt.TopRightCorner) -> None:  # noqa: N802
        """Beside the strip (the hidden bar has no corner to show it in); it keeps to the
        strip's top row and the strip wraps in the width left."""
        self._top.addWidget(widget, 0, Qt.AlignTop)

    def tabInserted(self, index: int) -> None:  # noqa: N802 (Qt override)
        super().tabInserted(index)
        self.tabs_changed.emit()

    def tabRemoved(self, index: int) -> None:  # noqa: N802
        super().tabRemoved(index)
        self.tabs_changed.emit()

    def setTabText(self, index: int, text: str) -> None:  # noqa: N802 (keeps the strip in step)
        super().setTabText(index, text)
        self.tabs_changed.emit()

    def setTabToolTip(self, index: int, tip: str) -> None:  # noqa: N802
        super().setTabToolTip(index, tip)
        self.tabs_changed.emit()

    def setTabVisible(self, index: int, visible: bool) -> None:  # noqa: N802
        super().setTabVisible(index, visible)
        self.tabs_changed.emit()
