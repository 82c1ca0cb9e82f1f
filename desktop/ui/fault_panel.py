"""Faults: break one part of the stack and watch the failure climb the seams.

The panel lists the fault catalogue with a check box each. Toggling one re-runs the loaded flow
(from the moment playback is at, when a flow is mid-way) and the load run, both through
``desktop.core.sim.faults``; the column then shows the leak path: the struck component, every seam
the effect crosses, the layers whose numbers changed, and a one-line cause → effect caption on
each of those layers.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QLabel, QListWidget, QListWidgetItem, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from desktop.ui.markdown_view import MarkdownView


class FaultPanel(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        from desktop.core.sim.faults import shipped_faults

        self.window = window
        self.faults = {f.id: f for f in shipped_faults()}
        self.active: dict[str, float | None] = {}   # fault id -> strike time (None: its default)
        layout = QVBoxLayout(self)
        intro = QLabel("Tick a fault to break that part of the stack. The loaded flow and load run "
                       "are simulated again with it, and the column shows how far it climbs.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        split = QSplitter(Qt.Vertical)
        self.list = QListWidget()
        self.list.setAccessibleName("Faults")
        for fault in self.faults.values():
            item = QListWidgetItem(f"{fault.name} — layer {fault.layer}")
            item.setData(Qt.UserRole, fault.id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
            item.setToolTip(fault.summary)
            self.list.addItem(item)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentItemChanged.connect(lambda item, _prev: item and self._describe(item.data(Qt.UserRole)))
        split.addWidget(self.list)
        self.text = MarkdownView("Fault and leak path")
        split.addWidget(self.text)
        split.setSizes([220, 400])
        layout.addWidget(split, 1)
        self.clear_button = QPushButton("Clear every fault")
        self.clear_button.setAccessibleName("Clear every fault")
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.clear_button)
        self._updating = False

    # state ------------------------------------------------------------------------------------
    def specs(self) -> list[tuple[str, float | None]]:
        return list(self.active.items())

    def set_fault(self, ident: str, on: bool, at: float | None | str = None) -> None:
        """``at``: seconds of simulated time, None for the fault's own default, or "now": the
        moment playback is at (a box ticked mid-flow). A fault whose story starts before the
        request (a chiller that tripped minutes earlier) keeps its default either way, or it
        could never show within a flow that lasts seconds."""
        if ident not in self.faults:
            raise KeyError(f"no fault '{ident}'")
        if on:
            if at == "now":
                flow = self.window.__dict__.get("flow_panel")
                playing_at = flow.controller.clock.sim_time if flow is not None and flow.controller.timeline else 0.0
                at = None if self.faults[ident].default_at < 0 or playing_at <= 0 else playing_at
            self.active[ident] = at
        else:
            self.active.pop(ident, None)
        self._updating = True
        try:
            for i in range(self.list.count()):
                item = self.list.item(i)
                if item.data(Qt.UserRole) == ident:
                    item.setCheckState(Qt.Checked if on else Qt.Unchecked)
                    self.list.setCurrentItem(item)
        finally:
            self._updating = False
        self.apply()

    def clear(self) -> None:
        for ident in list(self.active):
            self.set_fault(ident, False)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if not self._updating:
            self.set_fault(item.data(Qt.UserRole), item.checkState() == Qt.Checked, "now")

    # effects ----------------------------------------------------------------------------------
    def apply(self) -> None:
        """Re-run what is loaded with the faults now active, then draw the leak path."""
        w = self.window
        flow_panel = w.__dict__.get("flow_panel")
        if flow_panel is not None and flow_panel.flow is not None:
            flow_panel.rerun(keep_time=True)
        load_panel = w.__dict__.get("load_panel")
        if load_panel is not None and load_panel.flow is not None:
            load_panel.run()
        self.show_leak()

    def show_leak(self) -> None:
        from desktop.core.sim.faults import leak_path

        scene = self.window.scene
        if not self.active:
            scene.set_flag("struck", [])
            scene.set_leak([])
            if self.list.currentItem() is not None:
                self._describe(self.list.currentItem().data(Qt.UserRole))
            return
        flow_panel = self.window.__dict__.get("flow_panel")
        timeline = baseline = None
        if flow_panel is not None and flow_panel.controller.timeline is not None:
            timeline, baseline = flow_panel.controller.timeline, flow_panel.baseline
        struck, lit, captions = [], set(), []
        for ident in self.active:
            fault = self.faults[ident]
            struck.append(fault.strikes)
            for step in leak_path(self.window.stack, fault, timeline, baseline):
                lit.update(step.refs)
                captions.append((step.layer, step.caption))
        scene.set_flag("struck", struck)
        scene.set_flag("highlighted", [r for r in lit if r in scene.items_by_ref])
        scene.set_leak(captions)
        current = self.list.currentItem()
        if current is not None:
            self._describe(current.data(Qt.UserRole))

    def _describe(self, ident: str) -> None:
        from desktop.core.sim.faults import leak_path

        fault = self.faults[ident]
        parts = [f"*Strikes {self.window.stack.label(fault.strikes)} (layer {fault.layer})*", fault.explain]
        flow_panel = self.window.__dict__.get("flow_panel")
        timeline = baseline = None
        if ident in self.active and flow_panel is not None and flow_panel.controller.timeline is not None:
            timeline, baseline = flow_panel.controller.timeline, flow_panel.baseline
        steps = leak_path(self.window.stack, fault, timeline, baseline)
        lines = []
        for step in steps:
            seams = f" (through seam{'s' if len(step.seams) > 1 else ''} {', '.join(step.seams)})" if step.seams else ""
            detail = f" — {step.detail}" if step.detail else ""
            lines.append(f"{step.layer}. {step.caption}{seams}{detail}")
        parts.append("### How it climbs\n" + "\n".join(f"- {line}" for line in lines))
        if fault.figures:
            parts.append("**Figures:** " + ", ".join(fault.figures))
        self.text.show_markdown(fault.name, "\n\n".join(parts))


def install(window) -> None:
    window.add_panel("fault_panel", "Faults", FaultPanel)

    def set_fault(ident: str, on: bool = True, at: float | None = None) -> None:
        window.fault_panel.set_fault(ident, on, at)

    def fault_specs() -> list:
        panel = window.__dict__.get("fault_panel")
        return panel.specs() if panel is not None else []

    window.set_fault = set_fault
    window.fault_specs = fault_specs
    window.render_hooks.append(lambda args: _render_hook(window, args))


def _render_hook(window, args) -> None:
    for spec in getattr(args, "fault", None) or []:
        from desktop.core.sim.faults import parse_fault_arg

        name, at = parse_fault_arg(spec)
        window.set_fault(name, True, at)
