"""Small dialogs: About with credits, Sources (every figure the simulation uses), Keyboard,
and the calm "this file has problems" message."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from desktop import __version__
from desktop.core.data.problems import Problem
from desktop.ui.markdown_view import MarkdownView

CREDITS = f"""
**Stackscope {__version__}** — the datacenter stack from electrons to AI agents.

A teaching tool: see the whole column, watch a request travel it with numbers from real
measurements, break something and watch the failure climb.

### Credits
- The taller-stack view has many parents: Jensen Huang's five-layer "AI cake", Amit Patnaik's
  nine-layer "electrons to tokens", and Rob Hirschfeld's 2014 "7 Layer DIP" for operations.
- OSI reference model: ISO/IEC 7498-1. Internet model: RFC 1122.
- "All non-trivial abstractions leak": Joel Spolsky's Law of Leaky Abstractions.
- Every number comes from a named, graded source: see **Help → Sources**.
- Colours: the Okabe–Ito colour-blind-safe palette.
- Type: Inter, by Rasmus Andersson and the Inter project authors (SIL Open Font License 1.1).
- Built with Qt for Python (PySide6), pyqtgraph, networkx, NumPy and PyYAML.
"""

SHORTCUTS: list[tuple[str, str]] = [
    ("Up / Down", "move the selection between layers (or inside a layer)"),
    ("Right / Left", "enter a layer's OSI sub-column or components / leave back to the layer"),
    ("Enter, double-click", "expand or fold the selected layer"),
    ("Esc", "clear the selection (or leave presenter mode)"),
    ("Ctrl+E", "export the column as PNG or SVG"),
    ("Ctrl+O", "open a layers.yaml file"),
    ("Ctrl+T", "next theme"),
    ("Ctrl+1 … Ctrl+7", "show a panel: Inspector, Flow, Load, Lessons, Scale, Faults, Outline"),
    ("Tab / Shift+Tab", "move between controls; every control has a visible focus ring"),
    ("F1", "this list"),
    ("Ctrl+Q", "quit"),
]


def fit_to_screen(dialog: QDialog, width: int, height: int) -> None:
    """Open at ``width`` × ``height``, or smaller on a screen that has less room."""
    screen = (dialog.parentWidget().screen() if dialog.parentWidget() is not None else None) or dialog.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, round(room.width() * 0.92)), min(height, round(room.height() * 0.9))
    dialog.resize(width, height)


class TextDialog(QDialog):
    def __init__(self, title: str, markdown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_to_screen(self, 640, 520)
        layout = QVBoxLayout(self)
        self.view = MarkdownView(title)
        self.view.setMarkdown(markdown)
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.Close).setAccessibleName("Close")
        layout.addWidget(buttons)


def about_dialog(parent: QWidget | None = None) -> TextDialog:
    return TextDialog("About Stackscope", CREDITS, parent)


def keyboard_dialog(extra: list[tuple[str, str]] | None = None, parent: QWidget | None = None) -> TextDialog:
    rows = "\n".join(f"| {k} | {v} |" for k, v in [*SHORTCUTS, *(extra or [])])
    return TextDialog("Keyboard", f"| Key | Action |\n|---|---|\n{rows}\n", parent)


def problems_dialog(path: str, problems: list[Problem], parent: QWidget | None = None,
                    refused: str = "") -> TextDialog:
    """The problems of a file the app would not take; ``refused`` says what that means here
    (by default: the shipped stack is used instead)."""
    lines = "\n".join(f"- `{p}`" for p in problems[:60])
    more = f"\n\n…and {len(problems) - 60} more." if len(problems) > 60 else ""
    refused = refused or "so Stackscope is using its own copy of the stack instead"
    text = (f"**{path}** has {len(problems)} problem(s), {refused}. "
            f"Fix these and open the file again:"
            f"\n\n{lines}{more}\n\nTip: `python -m desktop check {path}` prints the same list.")
    return TextDialog("Problems in a data file", text, parent)


class SourcesDialog(QDialog):
    """Every figure the simulation uses, with its value, grade and source."""

    COLUMNS = ("Figure", "Value", "Year", "Grade", "Layer", "Source", "Note")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.core.sim.figures import shipped_figures

        self.setWindowTitle("Sources")
        fit_to_screen(self, 1100, 680)
        layout = QVBoxLayout(self)
        intro = QLabel("Every number Stackscope shows is built from these figures. Grade A: primary "
                       "source; B: reputable secondary; C: an engineering estimate, labelled as such.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        figures = list(shipped_figures())
        self.table = QTableWidget(len(figures), len(self.COLUMNS))
        self.table.setAccessibleName("Sources table")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        for row, fig in enumerate(figures):
            band = f" ({fig.low:g}–{fig.high:g})" if fig.low is not None and fig.high is not None else ""
            cells = (fig.name, f"{fig.value:g} {fig.unit}{band}", str(fig.year or ""),
                     fig.grade + (" — estimate" if fig.estimate else ""), str(fig.layer), fig.source, fig.note)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemIsEditable)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        # Short columns take what their text needs; the source and the note share the rest
        # and wrap, each row as tall as its longest cell, so nothing is cut to "…".
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.ElideNone)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(40)
        for col in range(len(self.COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.Stretch if col in (5, 6) else QHeaderView.ResizeToContents)
        # A long name or value band ("1.56 ratio (1.4–1.8)") wraps instead of starving the
        # source and the note; how much each may take follows the dialog's width.
        share = {1: 0.13}          # the figure's name is one word: it keeps its width
        for col, part in share.items():
            header.setSectionResizeMode(col, QHeaderView.Interactive)
            self.table.resizeColumnToContents(col)
            header.resizeSection(col, min(header.sectionSize(col), max(90, round(self.width() * part))))
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
