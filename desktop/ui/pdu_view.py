"""The PDU inspector: the headers one network hop's bytes carry, outermost first, as Packet
Tracer shows them: each header with its OSI layer number and the fields that matter.

Self-contained: ``set_pdu`` takes an event's ``pdu`` (``desktop.core.sim.pdu.Header`` objects,
or the dicts ``simulate --json`` prints) and knows nothing of the panels around it.
"""
from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

OSI_COLUMN, NAME_COLUMN, VALUE_COLUMN = 0, 1, 2


def _parts(header: Any) -> tuple[str, int, list[tuple[str, str]]]:
    if isinstance(header, dict):
        return str(header["name"]), int(header["osi"]), [(str(k), str(v)) for k, v in header["fields"].items()]
    return header.name, header.osi, [(k, v) for k, v in header.fields]


class PduView(QWidget):
    """A tree: one top-level row per header (OSI number, protocol), its fields beneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel(QCoreApplication.translate("PduView", "Headers on the wire, outermost first"))
        self.caption.setWordWrap(True)
        box.addWidget(self.caption)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([QCoreApplication.translate("PduView", "OSI"), QCoreApplication.translate("PduView", "Header / field"), QCoreApplication.translate("PduView", "Value")])
        self.tree.setAccessibleName(QCoreApplication.translate("PduView", "Packet headers"))
        self.tree.setRootIsDecorated(True)
        for column in (OSI_COLUMN, NAME_COLUMN):   # refit to a new type size (presenter) too
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeToContents)
        box.addWidget(self.tree, 1)
        self.empty = QLabel(QCoreApplication.translate("PduView", "This hop is not on the network, so its data carries no packet headers."))
        self.empty.setWordWrap(True)
        box.addWidget(self.empty)
        self.set_pdu(())

    def set_pdu(self, headers: Sequence[Any], title: str = "") -> None:
        """Show one hop's header stack (outermost first); an empty stack shows why."""
        self.tree.clear()
        for header in headers:
            name, osi, fields = _parts(header)
            top = QTreeWidgetItem([str(osi), name, ""])
            top.setData(OSI_COLUMN, Qt.UserRole, osi)
            top.setToolTip(NAME_COLUMN, QCoreApplication.translate("PduView", "OSI layer {osi}").format(osi=osi))
            for key, value in fields:
                top.addChild(QTreeWidgetItem(["", key, value]))
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        for column in (OSI_COLUMN, NAME_COLUMN):
            self.tree.resizeColumnToContents(column)
        has = bool(headers)
        self.tree.setVisible(has)
        self.empty.setVisible(not has)
        if title:
            self.caption.setText(QCoreApplication.translate("PduView", "{hop}: headers on the wire, outermost first").format(hop=title))

    def headers(self) -> list[tuple[int, str]]:
        """(OSI number, header name) of what is shown, outermost first (for tests and speech)."""
        return [(int(self.tree.topLevelItem(i).text(OSI_COLUMN)), self.tree.topLevelItem(i).text(NAME_COLUMN))
                for i in range(self.tree.topLevelItemCount())]
