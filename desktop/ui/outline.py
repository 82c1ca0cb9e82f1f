"""The column as an outline: every layer, OSI sub-layer, TCP/IP layer, component and seam as a
tree row with an accessible name and description.

A QGraphicsScene's items are invisible to screen readers; this tree is their accessible twin.
It stays in step with the column both ways: choosing a row selects it on the column (and so in
the inspector), and selecting on the column moves the current row.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QTreeWidgetItem,
                               QVBoxLayout)

from desktop.ui.panel import Panel

if TYPE_CHECKING:
    from desktop.app.state import AppState

REF_ROLE = Qt.UserRole


class Outline(Panel):
    key = "outline"
    title = QT_TRANSLATE_NOOP("Panels", "Outline")
    shortcut = "Ctrl+7"
    keeps_focus = True  # walking the tree must not switch the student to the inspector

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        from desktop.ui.wrap_list import WrapTree   # here: its delegate costs start-up

        self.tree = WrapTree()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(QCoreApplication.translate("Outline", "Stack outline"))
        self.tree.setAccessibleDescription(QCoreApplication.translate("Outline", "Every part of the stack as a tree; choosing one selects it on the column"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        self.rows: dict[str, QTreeWidgetItem] = {}
        self._syncing = False
        self._fill()
        self.tree.currentItemChanged.connect(self._on_row)
        state.events.selection.connect(self._on_selection)
        state.events.stack.connect(lambda _s: self._refill())
        self._on_selection(state.selection)

    def _refill(self) -> None:
        self.tree.clear()
        self.rows.clear()
        self._fill()

    def _row(self, parent, ref: str, text: str, description: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])
        item.setData(0, REF_ROLE, ref)
        item.setData(0, Qt.AccessibleTextRole, text)
        item.setData(0, Qt.AccessibleDescriptionRole, description)
        item.setToolTip(0, description)
        (parent.addChild(item) if isinstance(parent, QTreeWidgetItem) else self.tree.addTopLevelItem(item))
        self.rows[ref] = item
        return item

    def _fill(self) -> None:
        stack = self.state.stack
        seams = {s.upper: s for s in stack.seams}
        for layer in reversed(stack.layers):  # layer 8 first, as the column reads from the top
            band = self._row(self.tree, layer.ref, QCoreApplication.translate("Outline", "Layer {n}: {name}").format(n=layer.number, name=layer.name), layer.summary)
            if layer.number == 2:
                osi = self._row(band, "osi-group", QCoreApplication.translate("Outline", "OSI sub-layers (inside layer 2)"), stack.naming_clash)
                for o in reversed(stack.osi):
                    self._row(osi, o.ref, f"OSI {o.number}: {o.name} ({o.pdu})", o.description)
                tcp = self._row(band, "tcpip-group", QCoreApplication.translate("Outline", "TCP/IP layers (RFC 1122)"), QCoreApplication.translate("Outline", "The four-layer Internet model"))
                for t in reversed(stack.tcpip):
                    self._row(tcp, t.ref, f"TCP/IP {t.name} (OSI {', '.join(map(str, t.osi))})", t.description)
            for comp in layer.components:
                self._row(band, comp.ref, comp.name, comp.description)
            seam = seams.get(layer.id)
            if seam is not None:
                self._row(self.tree, seam.ref, QCoreApplication.translate("Outline", "Seam {id}: {name}").format(id=seam.id, name=seam.name), seam.assumes)

    def _on_row(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        if item is None or self._syncing:
            return
        ref = item.data(0, REF_ROLE)
        if ref and ":" in ref:
            self.state.select(ref)

    def _on_selection(self, ref: str | None) -> None:
        item = self.rows.get(ref or "")
        if item is None:
            return
        self._syncing = True
        try:
            self.tree.setCurrentItem(item)
        finally:
            self._syncing = False
