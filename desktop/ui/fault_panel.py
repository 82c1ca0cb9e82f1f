"""Faults: break one part of the stack and watch the failure climb the seams.

The panel lists the fault catalogue with a check box each and calls ``state.set_fault``;
the state re-runs the loaded flow and load run with the faults now active and works out the
leak path, which the column draws (its own highlight source, so a lens or a lesson step never
clears it). The panel shows the fault chosen and how it climbs, measured against the flow.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QSplitter, QVBoxLayout

from desktop.ui.markdown_view import MarkdownView
from desktop.ui.panel import Panel

if TYPE_CHECKING:
    from desktop.app.state import AppState


class FaultPanel(Panel):
    key = "faults"
    title = QT_TRANSLATE_NOOP("Panels", "Faults")
    shortcut = "Ctrl+6"
    render_options = ("fault",)

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        from desktop.core.sim.faults import shipped_faults

        self.catalogue = {f.id: f for f in shipped_faults()}
        layout = QVBoxLayout(self)
        intro = QLabel(QCoreApplication.translate("FaultPanel", "Tick a fault to break that part of the stack. The loaded flow and load run "
                          "are simulated again with it, and the column shows how far it climbs."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        split = QSplitter(Qt.Vertical)
        self.list = QListWidget()
        self.list.setAccessibleName(QCoreApplication.translate("FaultPanel", "Faults"))
        for fault in self.catalogue.values():
            item = QListWidgetItem(QCoreApplication.translate("FaultPanel", "{name} — layer {layer}").format(name=fault.name, layer=fault.layer))
            item.setData(Qt.UserRole, fault.id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
            item.setToolTip(fault.summary)
            self.list.addItem(item)
        self._syncing = False
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentItemChanged.connect(lambda item, _prev: item and self._describe(item.data(Qt.UserRole)))
        split.addWidget(self.list)
        self.text = MarkdownView(QCoreApplication.translate("FaultPanel", "Fault and leak path"))
        split.addWidget(self.text)
        split.setSizes([220, 400])
        layout.addWidget(split, 1)
        self.clear_button = QPushButton(QCoreApplication.translate("FaultPanel", "Clear every fault"))
        self.clear_button.setAccessibleName(QCoreApplication.translate("FaultPanel", "Clear every fault"))
        self.clear_button.clicked.connect(state.clear_faults)
        layout.addWidget(self.clear_button)
        state.events.faults.connect(lambda _f: self._sync())
        state.flow.events.flow.connect(lambda _r: self._redescribe())
        state.events.stack.connect(lambda _s: self._redescribe())
        self._sync()

    def apply_render(self, args) -> None:
        for text in getattr(args, "fault", None) or []:
            self.state.set_fault(text, True)

    # state -> widgets ------------------------------------------------------------------------
    def _sync(self) -> None:
        on = {spec.id for spec in self.state.faults}
        self._syncing = True
        try:
            for i in range(self.list.count()):
                item = self.list.item(i)
                item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in on else Qt.Unchecked)
        finally:
            self._syncing = False
        current = self.list.currentItem()
        if self.state.faults and (current is None or current.data(Qt.UserRole) not in on):
            self._make_current(self.state.faults[-1].id)
        self._redescribe()

    def _make_current(self, ident: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.UserRole) == ident:
                self.list.setCurrentRow(i)
                return

    def _redescribe(self) -> None:
        current = self.list.currentItem()
        if current is not None:
            self._describe(current.data(Qt.UserRole))
        else:
            self.text.show_markdown(QCoreApplication.translate("FaultPanel", "No fault chosen"),
                                    QCoreApplication.translate("FaultPanel", "Choose a fault in the list to read what it breaks; tick it to strike it."))

    def _describe(self, ident: str) -> None:
        fault = self.catalogue[ident]
        stack = self.state.stack
        parts = [QCoreApplication.translate("FaultPanel", "*Strikes {part} (layer {layer})*").format(part=stack.label(fault.strikes), layer=fault.layer),
                 fault.explain]
        lines = []
        for step in self.state.leak_steps(ident):
            seams = ""
            if step.seams:
                seams = " " + (QCoreApplication.translate("FaultPanel", "(through seams {seams})") if len(step.seams) > 1 else
                               QCoreApplication.translate("FaultPanel", "(through seam {seams})")).format(seams=", ".join(step.seams))
            detail = f" — {step.detail}" if step.detail else ""
            lines.append(QCoreApplication.translate("FaultPanel", "Layer {n}: {caption}").format(n=step.layer, caption=step.caption) + seams + detail)
        parts.append(self._impact_text(ident))
        parts.append(QCoreApplication.translate("FaultPanel", "### How it climbs") + "\n" + "\n".join(f"- {line}" for line in lines))
        if fault.figures:
            parts.append(QCoreApplication.translate("FaultPanel", "**Figures:** {names}").format(names=", ".join(fault.figures)))
        self.text.show_markdown(fault.name, "\n\n".join(parts))

    def _impact_text(self, ident: str) -> str:
        """What the fault does to the loaded flow, in words; why not, when it does not."""
        run = self.state.flow
        if run.flow is None:
            return QCoreApplication.translate("FaultPanel", "*Load a flow (Ctrl+2) to see what this fault does to a request.*")
        found = run.fault_impact(ident)
        if found is None:
            return ""
        on = self.state.fault(ident) is not None
        if not found.touches:
            head = QCoreApplication.translate("FaultPanel", "**On {flow}: no change.**").format(flow=run.flow.title)
        elif on:
            head = QCoreApplication.translate("FaultPanel", "**On {flow}:**").format(flow=run.flow.title)
        else:
            head = QCoreApplication.translate("FaultPanel", "**On {flow}, if you strike it:**").format(flow=run.flow.title)
        return f"{head} {found.words}"

    # widgets -> state ------------------------------------------------------------------------
    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._syncing:
            return
        ident = item.data(Qt.UserRole)
        self.list.setCurrentItem(item)
        self.state.set_fault(ident, item.checkState() == Qt.Checked, now=True)
