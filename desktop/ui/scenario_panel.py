"""Scenarios: find what broke from its symptoms, with probes that cost time, and get a score.

A self-contained view over ``desktop.core.learn.scenarios``: it lists the scenarios, starts one
for the student's seed, shows the symptoms (never the cause), runs probes against the budget,
takes the root cause and the seams it climbed, and shows the grade. It knows nothing of the
window or other panels: the constructor takes the stack and plain callbacks, so the window
decides what "show this case" means (play its flow with the hidden faults, say) and where a
result goes. In assessment mode there are no hints and no reveal.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox, QSplitter,
                               QVBoxLayout, QWidget)


class ScenarioPanel(QWidget):
    """``ScenarioPanel(stack, scenarios=None, on_case=None, on_graded=None, student="",
    save_dir=None)``.

    ``scenarios``: the scenarios to list (default: the library's). ``on_case(case)``: called when
    a case starts (a ``Case``: its ``flow``, ``specs`` and ``timeline``). ``on_graded(case, grade,
    result)``: called after grading, with the result dict (also written to ``save_dir`` when
    given, signed with the pack or install key).
    """

    def __init__(self, stack: Any, scenarios: Sequence[Any] | None = None, *,
                 on_case: Callable[[Any], None] | None = None,
                 on_graded: Callable[[Any, Any, dict], None] | None = None,
                 student: str = "", save_dir: str | Path | None = None,
                 flows: dict[str, Any] | None = None, figures: Any = None) -> None:
        super().__init__()
        self.stack = stack
        self.on_case = on_case
        self.on_graded = on_graded
        self.save_dir = Path(save_dir) if save_dir else None
        self.flows = flows
        self.figures = figures
        if scenarios is None:
            from desktop.core.library import current

            lib = current()
            scenarios = lib["scenarios"].items()
            self.flows = self.flows or {i: lib["flows"].get(i) for i in lib["flows"].ids()}
            self.figures = self.figures or lib.figures
        self.scenarios = {s.id: s for s in scenarios}
        self.case: Any = None
        self.graded: Any = None
        self.hints_shown = 0
        self._build(student)
        self._fill_answers()

    # building ---------------------------------------------------------------------------------
    def _build(self, student: str) -> None:
        outer = QVBoxLayout(self)
        split = QSplitter(Qt.Horizontal)
        left = QWidget()
        lv = QVBoxLayout(left)
        self.scenario_list = QListWidget()
        self.scenario_list.setAccessibleName(self.tr("Scenarios"))
        for sc in self.scenarios.values():
            item = QListWidgetItem(f"{sc.title} · {sc.level}")
            item.setData(Qt.UserRole, sc.id)
            self.scenario_list.addItem(item)
        lv.addWidget(self.scenario_list, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Your name")))
        self.student_edit = QLineEdit(student)
        self.student_edit.setAccessibleName(self.tr("Your name"))
        row.addWidget(self.student_edit)
        lv.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Seed")))
        self.seed_box = QSpinBox()
        self.seed_box.setRange(0, 999_999)
        self.seed_box.setAccessibleName(self.tr("Seed"))
        row.addWidget(self.seed_box)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.clicked.connect(self.begin)
        row.addWidget(self.start_button)
        lv.addLayout(row)
        split.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        self.symptoms_label = QLabel(self.tr("Choose a scenario and press Start."))
        self.symptoms_label.setWordWrap(True)
        self.symptoms_label.setTextFormat(Qt.RichText)
        self.symptoms_label.setAccessibleName(self.tr("Symptoms"))
        rv.addWidget(self.symptoms_label)
        self.budget_label = QLabel("")
        rv.addWidget(self.budget_label)
        self.probe_list = QListWidget()
        self.probe_list.setAccessibleName(self.tr("Probes"))
        rv.addWidget(self.probe_list)
        self.probe_button = QPushButton(self.tr("Run probe"))
        self.probe_button.clicked.connect(self.run_selected_probe)
        rv.addWidget(self.probe_button)
        self.probe_output = QPlainTextEdit()
        self.probe_output.setReadOnly(True)
        self.probe_output.setAccessibleName(self.tr("Probe readings"))
        rv.addWidget(self.probe_output, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Root cause")))
        self.cause_box = QComboBox()
        self.cause_box.setEditable(True)
        self.cause_box.setAccessibleName(self.tr("Root cause"))
        row.addWidget(self.cause_box, 1)
        rv.addLayout(row)
        rv.addWidget(QLabel(self.tr("Seams it climbed")))
        self.seam_list = QListWidget()
        self.seam_list.setAccessibleName(self.tr("Seams it climbed"))
        rv.addWidget(self.seam_list)
        row = QHBoxLayout()
        self.hint_button = QPushButton(self.tr("Hint"))
        self.hint_button.clicked.connect(self.next_hint)
        self.reveal_button = QPushButton(self.tr("Reveal"))
        self.reveal_button.clicked.connect(self.reveal)
        self.submit_button = QPushButton(self.tr("Submit answer"))
        self.submit_button.clicked.connect(self.submit)
        for b in (self.hint_button, self.reveal_button, self.submit_button):
            row.addWidget(b)
        rv.addLayout(row)
        self.score_label = QLabel("")
        self.score_label.setWordWrap(True)
        self.score_label.setAccessibleName(self.tr("Score"))
        rv.addWidget(self.score_label)
        split.addWidget(right)
        split.setSizes([260, 520])
        outer.addWidget(split)
        self._set_running(False)

    def _fill_answers(self) -> None:
        refs = [c.ref for c in self.stack.components] + [l.ref for l in self.stack.layers]
        self.cause_box.addItems([""] + refs)
        for seam in self.stack.seams:
            item = QListWidgetItem(f"{seam.ref} · {seam.name}")
            item.setData(Qt.UserRole, seam.ref)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
            self.seam_list.addItem(item)

    def _set_running(self, running: bool) -> None:
        practice = running and self.case is not None and self.case.scenario.mode == "practice"
        for w in (self.probe_button, self.submit_button, self.cause_box, self.seam_list, self.probe_list):
            w.setEnabled(running)
        self.hint_button.setEnabled(practice)
        self.reveal_button.setEnabled(practice)
        self.hint_button.setVisible(practice or not running)
        self.reveal_button.setVisible(practice or not running)

    # actions ----------------------------------------------------------------------------------
    def select(self, ident: str) -> None:
        for i in range(self.scenario_list.count()):
            if self.scenario_list.item(i).data(Qt.UserRole) == ident:
                self.scenario_list.setCurrentRow(i)
                return
        raise KeyError(ident)

    def begin(self) -> Any:
        """Start the selected scenario for the seed in the box; returns the ``Case``."""
        from desktop.core.learn.scenarios import start

        item = self.scenario_list.currentItem()
        if item is None:
            self.symptoms_label.setText(self.tr("Choose a scenario first."))
            return None
        scenario = self.scenarios[item.data(Qt.UserRole)]
        self.case = start(scenario, self.seed_box.value(), stack=self.stack, flows=self.flows,
                          figures=self.figures)
        self.graded = None
        self.hints_shown = 0
        self.probe_output.clear()
        self.score_label.clear()
        self.probe_list.clear()
        for p in scenario.probes:
            item = QListWidgetItem(self.tr("{label} ({minutes} min)").format(label=p.label, minutes=f"{p.minutes:g}"))
            item.setData(Qt.UserRole, p.id)
            self.probe_list.addItem(item)
        self._show_symptoms()
        self._set_running(True)
        if self.on_case is not None:
            self.on_case(self.case)
        return self.case

    def _show_symptoms(self) -> None:
        s = self.case.symptoms()
        rows = "".join(f"<tr><td>{r['label']}</td><td align='right'><b>{r['now']}</b></td>"
                       f"<td>{self.tr('usually')} {r['usual']}</td></tr>" for r in s["readings"])
        self.symptoms_label.setText(f"<h3>{s['title']}</h3><p>{s['brief']}</p><table>{rows}</table>")
        self._show_budget()

    def _show_budget(self) -> None:
        self.budget_label.setText(self.tr("Probe budget: {left} of {total} min left").format(
            left=f"{self.case.minutes_left:g}", total=f"{self.case.scenario.budget:g}"))

    def run_probe(self, ident: str) -> list[str]:
        if self.case is None:
            return []
        try:
            lines = self.case.probe(ident)
        except ValueError:
            self.probe_output.appendPlainText(self.tr("Not enough time left in the budget for that probe."))
            return []
        label = self.case.scenario.probe(ident).label
        self.probe_output.appendPlainText(f"▸ {label}\n" + "\n".join(f"  {line}" for line in lines) + "\n")
        self._show_budget()
        return lines

    def run_selected_probe(self) -> list[str]:
        item = self.probe_list.currentItem()
        return self.run_probe(item.data(Qt.UserRole)) if item is not None else []

    def set_answer(self, cause: str, seams: Sequence[str] = ()) -> None:
        self.cause_box.setCurrentText(cause)
        for i in range(self.seam_list.count()):
            item = self.seam_list.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in seams else Qt.Unchecked)

    def answers(self) -> list[str]:
        seams = [self.seam_list.item(i).data(Qt.UserRole) for i in range(self.seam_list.count())
                 if self.seam_list.item(i).checkState() == Qt.Checked]
        cause = self.cause_box.currentText().strip()
        return ([cause] if cause else []) + seams

    def submit(self) -> Any:
        """Grade the answer, show the score, write the result file (``save_dir``)."""
        from desktop.core.learn.results import choose_key, make_result, write_result
        from desktop.core.learn.scenarios import grade

        if self.case is None:
            return None
        answers = self.answers()
        if not answers:
            self.score_label.setText(self.tr("Name the root cause first."))
            return None
        self.graded = grade(self.case, answers)
        verdict = self.tr("Correct.") if self.graded.correct else self.tr("Not all of it.")
        self.score_label.setText(f"<b>{verdict}</b> " + self.tr("Score: {score} %").format(
            score=f"{self.graded.score * 100:.0f}") + "<br>" + "<br>".join(self.graded.feedback))
        sc = self.case.scenario
        result = make_result(self.student_edit.text().strip() or self.tr("anonymous"),
                             f"scenario:{sc.id}", self.case.seed,
                             {"refs": answers, "probes": list(self.case.probes_run)},
                             self.graded.score, key=choose_key(sc.source),
                             detail={"parts": dict(self.graded.parts)})
        if self.save_dir is not None:
            write_result(result, self.save_dir)
        if self.on_graded is not None:
            self.on_graded(self.case, self.graded, result)
        return self.graded

    def next_hint(self) -> str:
        if self.case is None or self.case.scenario.mode != "practice":
            return ""
        hints = self.case.scenario.hints
        if not hints:
            text = self.tr("No hints for this one.")
        else:
            text = hints[min(self.hints_shown, len(hints) - 1)]
            self.hints_shown += 1
        self.probe_output.appendPlainText(self.tr("Hint: {text}").format(text=text))
        return text

    def reveal(self) -> dict:
        """Practice only: the cause and its path, for the student to compare."""
        if self.case is None or self.case.scenario.mode != "practice":
            return {}
        rc = self.case.root_cause()
        self.probe_output.appendPlainText(self.tr("It was {ref}, climbing {path}.").format(
            ref=self.stack.label(rc["ref"]), path=" ".join(rc["path"]) or self.tr("no seams")))
        return rc
