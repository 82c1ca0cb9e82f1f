"""A list (and a tree) whose rows wrap at its width and grow to their text.

QListView measures a row without knowing its width, so its own word wrap never makes a row
taller and a long title is simply cut. The lesson list and the scenario panel's lists need
whole titles in a third of a 1280-px projector screen at 16 px type.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtWidgets import (QAbstractItemView, QListView, QListWidget, QSizePolicy, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QTreeWidget)


class _WrapDelegate(QStyledItemDelegate):
    """Row heights for wrapped text at the list's own width: QListView measures a row without
    a width, so its word wrap alone never makes a row taller (the text would be cut)."""

    def __init__(self, view: WrapList) -> None:
        super().__init__(view)
        self.view = view

    def hint_at(self, option: QStyleOptionViewItem, index, width: int) -> QSize:
        """The row's size when the list's viewport is ``width`` px wide."""
        unwrapped = QStyleOptionViewItem(option)
        unwrapped.rect = QRect()          # no width: the style measures the text on one line
        base = super().sizeHint(unwrapped, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.rect = QRect(0, 0, max(width, 1), base.height())
        style = self.view.style()
        margin = style.pixelMetric(QStyle.PM_FocusFrameHMargin, None, self.view) + 1
        text_w = style.subElementRect(QStyle.SE_ItemViewItemText, opt, self.view).width() - 2 * margin
        metrics = opt.fontMetrics
        wrapped = metrics.boundingRect(QRect(0, 0, max(text_w, 20), 1 << 20), Qt.TextWordWrap, opt.text).height()
        single = metrics.boundingRect(QRect(0, 0, 1 << 20, 1 << 20), 0, opt.text).height()
        return QSize(max(width, 1), max(base.height(), base.height() - single + wrapped))

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt override)
        return self.hint_at(option, index, self.view.viewport().width() - 2 * self.view.spacing())

    def initStyleOption(self, option, index) -> None:  # noqa: N802 (Qt override)
        """A tickable row shows its box as a glyph of its own type and colour: the style's box
        stays 13 px at projector type and is faint on the dark themes."""
        super().initStyleOption(option, index)
        box = QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        if option.features & box:
            option.features &= ~box
            option.text = f"{'☑' if option.checkState == Qt.Checked else '☐'}  {option.text}"

    def editorEvent(self, event, model, option, index) -> bool:  # noqa: N802 (Qt override)
        """A click anywhere on a tickable row ticks it (a bigger target than the box); Space
        ticks it from the keyboard, as before."""
        flags = index.flags()
        state = index.data(Qt.CheckStateRole)   # None on a row that shows no box (a lesson
        if (state is not None and event.type() == QEvent.MouseButtonRelease   # list's rows are
                and event.button() == Qt.LeftButton                            # "checkable" by
                and flags & Qt.ItemIsUserCheckable and flags & Qt.ItemIsEnabled  # Qt's default)
                and option.rect.contains(event.position().toPoint())):
            checked = Qt.CheckState(state) == Qt.Checked
            return model.setData(index, Qt.Unchecked if checked else Qt.Checked, Qt.CheckStateRole)
        return super().editorEvent(event, model, option, index)


class WrapList(QListWidget):
    """A list whose rows wrap at its width and grow to their text; no sideways scrolling.

    With ``grow`` it also asks its layout for the height of all its rows (height for width),
    so it never scrolls on its own: the page around it does. Rows are measured again
    whenever the width, the type or the rows change."""

    def __init__(self, *, grow: bool = False) -> None:
        super().__init__()
        self.grow = grow
        self.setWordWrap(True)
        self.setTextElideMode(Qt.ElideNone)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setItemDelegate(_WrapDelegate(self))
        self.setSpacing(2)                # wrapped rows need air between them to read as rows
        if grow:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
            policy = self.sizePolicy()
            policy.setVerticalPolicy(QSizePolicy.Minimum)
            policy.setHeightForWidth(True)
            self.setSizePolicy(policy)
        model = self.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
            signal.connect(self._rows_changed)

    def _rows_changed(self, *_args) -> None:
        if self.grow:
            self.updateGeometry()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return self.grow

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        frame = 2 * self.frameWidth()
        inner = max(width - frame - 2 * self.spacing(), 1)
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        delegate = self.itemDelegate()
        total = sum(delegate.hint_at(option, self.model().index(row, 0), inner).height() + 2 * self.spacing()
                    for row in range(self.count()))
        return total + frame

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        if not self.grow:
            return hint
        width = self.width() if self.width() > 1 else hint.width()
        return QSize(hint.width(), self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(hint.width(), self.heightForWidth(max(self.width(), 1))) if self.grow else hint

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()
            self._rows_changed()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self.scheduleDelayedItemsLayout()
            self._rows_changed()


class _TreeWrapDelegate(QStyledItemDelegate):
    """Row heights for wrapped text: QTreeView measures rows without the column's width, so
    its own word wrap never makes a row taller."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt override)
        base = super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        indent = self.tree.indentation() * (depth + (1 if self.tree.rootIsDecorated() else 0))
        margin = self.tree.style().pixelMetric(QStyle.PM_FocusFrameHMargin, None, self.tree) + 1
        width = max(self.tree.header().sectionSize(0) - indent - 2 * margin, 20)
        text = opt.fontMetrics.boundingRect(QRect(0, 0, width, 1 << 20), Qt.TextWordWrap, opt.text)
        return QSize(base.width(), max(base.height(), text.height() + base.height() - opt.fontMetrics.height()))


class WrapTree(QTreeWidget):
    """Long seam names wrap onto a second line rather than end in "…" (projector type in a
    third of a 1280-px screen). Row heights are measured again whenever the width or the
    type changes; QTreeView keeps the heights it measured first otherwise."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextElideMode(Qt.ElideNone)
        self.setUniformRowHeights(False)
        self.header().setStretchLastSection(True)
        self.setItemDelegate(_TreeWrapDelegate(self))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self.scheduleDelayedItemsLayout()
