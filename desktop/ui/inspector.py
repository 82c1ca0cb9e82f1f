"""The inspector: what the selected thing is, its promise, how it leaks, its budget, examples;
or, with a lens on, the lens and the band chosen."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QVBoxLayout

from desktop.core.stack.describe import describe
from desktop.ui.markdown_view import MarkdownView
from desktop.ui.panel import Panel

if TYPE_CHECKING:
    from desktop.app.state import AppState


class InspectorPanel(Panel):
    key = "inspector"
    title = QT_TRANSLATE_NOOP("Panels", "Inspector")
    shortcut = "Ctrl+1"

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.heading = ""
        self.view = MarkdownView(self.tr("Inspector"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        state.events.selection.connect(self._on_selection)
        state.events.lens.connect(self._on_lens)
        state.events.stack.connect(lambda _s: self.show_ref(None))
        self.show_ref(None)

    def _on_selection(self, ref: str | None) -> None:
        if ref and ref.startswith("lens:"):
            if self.state.lens is not None:
                from desktop.ui.lens_items import lens_markdown

                self.show_text(*lens_markdown(self.state.lens, int(ref.rsplit("/", 1)[1])))
            return
        self.show_ref(ref)

    def _on_lens(self, lens) -> None:
        if lens is not None:
            from desktop.ui.lens_items import lens_markdown

            self.show_text(*lens_markdown(lens))

    def show_ref(self, ref: str | None) -> None:
        self.heading, markdown = describe(self.state.stack, ref or "")
        self.view.show_markdown(self.heading, markdown)

    def show_text(self, heading: str, markdown: str) -> None:
        self.heading = heading
        self.view.show_markdown(heading, markdown)

    def plain_text(self) -> str:
        return self.view.toPlainText()
