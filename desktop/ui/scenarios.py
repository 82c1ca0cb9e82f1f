"""The Scenarios tab: troubleshooting across layers, graded (issue 17).

A ``Panel`` around the self-contained ``ScenarioPanel`` view: it hands it the stack and the
user library's scenarios, writes each graded attempt as a signed result file into the user's
library (``results/``), and says where in the status bar. A scenario's hidden faults never
reach the column's highlights: the student must find them from the symptoms.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QVBoxLayout

from desktop.ui.panel import Panel

if TYPE_CHECKING:
    from desktop.app.state import AppState

RESULTS_FOLDER = "results"


class ScenariosPanel(Panel):
    key = "scenarios"
    title = QT_TRANSLATE_NOOP("Panels", "Scenarios")
    shortcut = "Ctrl+8"

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        from desktop.core import library
        from desktop.ui.scenario_panel import ScenarioPanel

        self.results = library.home() / RESULTS_FOLDER
        try:
            self.results.mkdir(parents=True, exist_ok=True)
            save_dir = self.results
        except OSError:                 # a read-only library: grade, but keep no result file
            save_dir = None
        self.view = ScenarioPanel(state.stack, state.library["scenarios"].items(), save_dir=save_dir,
                                  on_graded=self._graded, figures=state.library.figures)
        if self.view.scenario_list.count():      # never an empty choice: the first is ready
            self.view.scenario_list.setCurrentRow(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def shown(self) -> None:
        """Ctrl+8: the keyboard lands in the panel (Return on the list starts the case)."""
        page = self.view.pages.currentWidget()
        focused = self.focusWidget()
        if focused is None or not focused.isVisible() or not page.isAncestorOf(focused):
            (self.view.scenario_list if not self.view.on_case_page() else self.view.back_button).setFocus()

    def _graded(self, _case, grade, _result) -> None:
        self.state.status(QCoreApplication.translate("Scenarios", "Score {score} %: your result is saved in {folder}")
                          .format(score=round(100 * grade.score), folder=self.results))
