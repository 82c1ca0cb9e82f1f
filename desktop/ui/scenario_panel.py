"""Scenarios: find what broke from its symptoms, with probes that cost time, and get a score.

A self-contained view over ``desktop.core.learn.scenarios``: it lists the scenarios, starts one
for the student's seed, shows the symptoms (never the cause), runs probes against the budget,
takes the root cause and the seams it climbed, and shows the grade. It knows nothing of the
window or other panels: the constructor takes the stack and plain callbacks, so the window
decides what "show this case" means (play its flow with the hidden faults, say) and where a
result goes. In assessment mode there are no hints and no reveal.

It has to read in a third of a 1280-px projector screen at 16 px type (about 22 em), so it
never puts two columns side by side: a "choose" page (the list, name, seed, Start) and a
"case" page whose parts sit on wrapping tabs (Symptoms, Probes, Answer). Every list row wraps
and grows to its text, every tab page scrolls as a whole rather than squeezing a label, and
button rows wrap instead of cutting their words.
"""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any, Callable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit,
                               QListWidgetItem, QPlainTextEdit, QPushButton,
                               QScrollArea, QSpinBox, QStackedWidget, QVBoxLayout, QWidget)

from desktop.ui.lesson_panel import LEVEL_MARK
from desktop.ui.tab_strip import FlowLayout, StripTabs
from desktop.ui.wrap_list import WrapList

REF_ROLE = Qt.UserRole


def _wrapped(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setAccessibleName(name)
    return label


def _page(name: str) -> tuple[QScrollArea, QVBoxLayout]:
    """A tab page that scrolls as a whole (up and down only), so a long text or list makes
    the page taller rather than squeezing a label until its lines are cut."""
    content = QWidget()
    content.setAccessibleName(name)
    column = QVBoxLayout(content)
    area = QScrollArea()
    area.setAccessibleName(name)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.NoFocus)     # its fields take the focus, and the area follows it
    return area, column


def _button_row(*buttons: QPushButton) -> QWidget:
    """Buttons left to right that wrap onto another row when the width runs out."""
    holder = QWidget()
    flow = FlowLayout(holder, spacing=6)
    for button in buttons:
        flow.addWidget(button)
    return holder


class ScenarioPanel(QWidget):
    """``ScenarioPanel(stack, scenarios=None, on_case=None, on_graded=None, student="",
    save_dir=None)``.

    ``scenarios``: the scenarios to list (default: the library's). ``on_case(case)``: called when
    a case starts (a ``Case``: its ``flow``, ``specs`` and ``timeline``). ``on_graded(case, grade,
    result)``: called after grading, with the result dict (also written to ``save_dir`` when
    given, signed with the pack or install key).

    ``pages`` holds the choose page and the case page (``show_choice`` / ``show_case``);
    ``case_tabs`` the case's Symptoms, Probes and Answer pages.
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
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_choice(student))
        self.pages.addWidget(self._build_case())
        outer.addWidget(self.pages)
        self._set_running(False)

    def _build_choice(self, student: str) -> QWidget:
        page = QWidget()
        page.setAccessibleName(self.tr("Choose a scenario"))
        lv = QVBoxLayout(page)
        lv.addWidget(_wrapped(self.tr("Something in the stack is broken. Choose a case, read its symptoms, "
                                      "probe where you suspect, then name the root cause and the seams "
                                      "it climbed.")))
        self.scenario_list = WrapList()
        self.scenario_list.setAccessibleName(self.tr("Scenarios"))
        for sc in self.scenarios.values():
            how = self.tr("{level}, graded: no hints") if sc.mode == "assessment" else self.tr("{level}, practice")
            mark = LEVEL_MARK.get(sc.level, "")
            item = QListWidgetItem(f"{sc.title}\n{mark} " + how.format(level=sc.level))
            item.setData(REF_ROLE, sc.id)
            item.setToolTip(sc.brief)
            self.scenario_list.addItem(item)
        self.scenario_list.itemActivated.connect(lambda _item: self.begin())
        lv.addWidget(self.scenario_list, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Your name")))
        self.student_edit = QLineEdit(student)
        self.student_edit.setAccessibleName(self.tr("Your name"))
        row.addWidget(self.student_edit, 1)
        lv.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Seed")))
        self.seed_box = QSpinBox()
        self.seed_box.setRange(0, 999_999)
        self.seed_box.setAccessibleName(self.tr("Seed"))
        self.seed_box.setToolTip(self.tr("The same seed gives the same numbers: your teacher may give you one"))
        row.addWidget(self.seed_box)
        row.addStretch(1)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setAccessibleName(self.tr("Start the chosen scenario"))
        self.start_button.clicked.connect(self.begin)
        row.addWidget(self.start_button)
        lv.addLayout(row)
        self.resume_button = QPushButton(self.tr("Back to your case"))
        self.resume_button.setAccessibleName(self.tr("Back to the case you started"))
        self.resume_button.clicked.connect(self.show_case)
        self.resume_button.hide()
        lv.addWidget(_button_row(self.resume_button))
        self.choice_note = _wrapped("", self.tr("Scenario notes"))
        lv.addWidget(self.choice_note)
        return page

    def _build_case(self) -> QWidget:
        page = QWidget()
        page.setAccessibleName(self.tr("Case"))
        cv = QVBoxLayout(page)
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Scenarios"))
        self.back_button.setAccessibleName(self.tr("Back to the scenario list"))
        self.back_button.clicked.connect(self.show_choice)
        top.addWidget(self.back_button, 0, Qt.AlignTop)
        self.case_title = _wrapped("", self.tr("Case"))
        self.case_title.setTextFormat(Qt.RichText)
        top.addWidget(self.case_title, 1)
        cv.addLayout(top)
        self.budget_label = _wrapped("", self.tr("Probe budget"))
        cv.addWidget(self.budget_label)
        self.case_tabs = StripTabs(self.tr("Case parts"))
        cv.addWidget(self.case_tabs.holder, 1)

        area, sv = _page(self.tr("Symptoms"))
        self.symptoms_label = _wrapped(self.tr("Choose a scenario and press Start."), self.tr("Symptoms"))
        self.symptoms_label.setTextFormat(Qt.RichText)
        self.symptoms_label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        sv.addWidget(self.symptoms_label)
        sv.addStretch(1)
        self.case_tabs.addTab(area, self.tr("Symptoms"))

        area, pv = _page(self.tr("Probes"))
        pv.addWidget(_wrapped(self.tr("Each probe looks at one place and costs minutes of the budget; "
                                      "running one again is free.")))
        self.probe_list = WrapList(grow=True)
        self.probe_list.setAccessibleName(self.tr("Probes"))
        self.probe_list.itemActivated.connect(lambda _item: self.run_selected_probe())
        pv.addWidget(self.probe_list)
        self.probe_button = QPushButton(self.tr("Run probe"))
        self.probe_button.setAccessibleName(self.tr("Run the chosen probe"))
        self.probe_button.clicked.connect(self.run_selected_probe)
        pv.addWidget(_button_row(self.probe_button))
        self.probe_output = QPlainTextEdit()
        self.probe_output.setReadOnly(True)
        self.probe_output.setAccessibleName(self.tr("Probe readings"))
        self.probe_output.setPlaceholderText(self.tr("What the probes read appears here."))
        self.probe_output.setMinimumHeight(self.probe_output.fontMetrics().lineSpacing() * 6)
        pv.addWidget(self.probe_output, 1)
        self.case_tabs.addTab(area, self.tr("Probes"))

        area, av = _page(self.tr("Answer"))
        self.answer_page = area
        av.addWidget(QLabel(self.tr("Layer where it started")))
        self.layer_box = QComboBox()
        self.layer_box.setAccessibleName(self.tr("Layer where it started"))
        self.layer_box.setPlaceholderText(self.tr("Choose a layer"))
        av.addWidget(self.layer_box)
        av.addWidget(QLabel(self.tr("Root cause")))
        self.cause_box = QComboBox()
        self.cause_box.setAccessibleName(self.tr("Root cause"))
        self.cause_box.setPlaceholderText(self.tr("Choose a layer first"))
        av.addWidget(self.cause_box)
        av.addWidget(_wrapped(self.tr("Seams it climbed (tick each one the trouble crossed)")))
        self.seam_list = WrapList(grow=True)
        self.seam_list.setAccessibleName(self.tr("Seams it climbed"))
        av.addWidget(self.seam_list)
        self.hint_button = QPushButton(self.tr("Hint"))
        self.hint_button.setAccessibleName(self.tr("Show a hint"))
        self.hint_button.clicked.connect(self.next_hint)
        self.reveal_button = QPushButton(self.tr("Reveal"))
        self.reveal_button.setAccessibleName(self.tr("Reveal the cause and its path"))
        self.reveal_button.clicked.connect(self.reveal)
        self.submit_button = QPushButton(self.tr("Submit answer"))
        self.submit_button.setAccessibleName(self.tr("Submit your answer for a score"))
        self.submit_button.clicked.connect(self.submit)
        av.addWidget(_button_row(self.submit_button, self.hint_button, self.reveal_button))
        self.score_label = _wrapped("", self.tr("Score"))
        self.score_label.setTextFormat(Qt.RichText)
        av.addWidget(self.score_label)
        self.help_label = _wrapped("", self.tr("Hints"))   # hints and the reveal, beside the answer
        av.addWidget(self.help_label)
        av.addStretch(1)
        self.case_tabs.addTab(area, self.tr("Answer"))
        return page

    def _fill_answers(self) -> None:
        for layer in self.stack.layers:
            self.layer_box.addItem(self.tr("Layer {n} · {name}").format(n=layer.number, name=layer.name), layer.number)
        self.layer_box.setCurrentIndex(-1)
        self.layer_box.currentIndexChanged.connect(self._fill_causes)
        for seam in self.stack.seams:
            item = QListWidgetItem(self.tr("{lower}–{upper} {name}").format(
                lower=self._layer_number(seam.lower), upper=self._layer_number(seam.upper), name=seam.name))
            item.setData(REF_ROLE, str(seam.ref))
            item.setToolTip(seam.guarantees)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
            self.seam_list.addItem(item)

    def _layer_number(self, ident: str) -> str:
        try:
            return str(self.stack.layer(ident).number)
        except KeyError:
            return ident

    def _fill_causes(self, _index: int = -1) -> None:
        """The root-cause choices of the chosen layer: the layer as a whole, then its parts
        (two short pickers: one listing all 60 would need names too long for a narrow panel)."""
        self.cause_box.clear()
        number = self.layer_box.currentData()
        if number is None:
            return
        layer = self.stack.layer(number)
        self.cause_box.addItem(self.tr("The layer as a whole"), str(layer.ref))
        for comp in layer.components:
            self.cause_box.addItem(comp.name, str(comp.ref))
        self.cause_box.setCurrentIndex(0)

    def _set_running(self, running: bool) -> None:
        practice = running and self.case is not None and self.case.scenario.mode == "practice"
        for w in (self.probe_button, self.submit_button, self.layer_box, self.cause_box, self.seam_list,
                  self.probe_list):
            w.setEnabled(running)
        self.hint_button.setEnabled(practice)
        self.reveal_button.setEnabled(practice)
        self.hint_button.setVisible(practice or not running)
        self.reveal_button.setVisible(practice or not running)
        self.resume_button.setVisible(running)

    # pages ------------------------------------------------------------------------------------
    def show_choice(self) -> None:
        """The scenario list (the open case stays: "Back to your case" returns to it, and Start
        begins a new one)."""
        self.pages.setCurrentIndex(0)
        if self.case is not None:
            self.choice_note.setText(self.tr("Your case “{title}” stays open. Start begins a new one.")
                                     .format(title=self.case.scenario.title))
        self.scenario_list.setFocus(Qt.OtherFocusReason)

    def show_case(self) -> None:
        if self.case is None:
            return
        self.pages.setCurrentIndex(1)
        self.back_button.setFocus(Qt.OtherFocusReason)

    def on_case_page(self) -> bool:
        return self.pages.currentIndex() == 1

    # actions ----------------------------------------------------------------------------------
    def select(self, ident: str) -> None:
        for i in range(self.scenario_list.count()):
            if self.scenario_list.item(i).data(REF_ROLE) == ident:
                self.scenario_list.setCurrentRow(i)
                return
        raise KeyError(ident)

    def begin(self) -> Any:
        """Start the selected scenario for the seed in the box (a new case, on its Symptoms
        page); returns the ``Case``."""
        from desktop.core.learn.scenarios import start

        item = self.scenario_list.currentItem()
        if item is None:
            self.choice_note.setText(self.tr("Choose a scenario first."))
            return None
        scenario = self.scenarios[item.data(REF_ROLE)]
        self.case = start(scenario, self.seed_box.value(), stack=self.stack, flows=self.flows,
                          figures=self.figures)
        self.graded = None
        self.hints_shown = 0
        self.probe_output.clear()
        self.score_label.clear()
        self.help_label.clear()
        self.choice_note.clear()
        self.set_answer("", ())
        self.probe_list.clear()
        for p in scenario.probes:
            item = QListWidgetItem(self._probe_text(p))
            item.setData(REF_ROLE, p.id)
            self.probe_list.addItem(item)
        if self.probe_list.count():
            self.probe_list.setCurrentRow(0)
        self._show_symptoms()
        self._set_running(True)
        self.case_tabs.setCurrentIndex(0)
        self.show_case()
        if self.on_case is not None:
            self.on_case(self.case)
        return self.case

    def _probe_text(self, probe: Any) -> str:
        done = self.case is not None and probe.id in self.case.probes_run
        text = self.tr("{label} ({minutes} min)").format(label=probe.label, minutes=f"{probe.minutes:g}")
        return self.tr("✓ {probe}, done").format(probe=text) if done else text

    def _show_symptoms(self) -> None:
        s = self.case.symptoms()
        how = self.tr("graded: no hints") if s["mode"] == "assessment" else self.tr("practice")
        self.case_title.setText(f"<b>{escape(s['title'])}</b><br>"
                                + self.tr("seed {seed}, {how}").format(seed=s["seed"], how=how))
        rows = "".join("<p>" + self.tr("{label}: now <b>{now}</b>, usually {usual}").format(
            label=escape(r["label"]), now=escape(r["now"]), usual=escape(r["usual"])) + "</p>"
            for r in s["readings"])
        self.symptoms_label.setText(f"<p>{escape(s['brief'])}</p>{rows}<p><i>"
                                    + self.tr("Next: look closer on the Probes tab, then name the cause "
                                              "and its path on the Answer tab.") + "</i></p>")
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
        probe = self.case.scenario.probe(ident)
        self.probe_output.appendPlainText(f"▸ {probe.label}\n" + "\n".join(f"  {line}" for line in lines) + "\n")
        for i in range(self.probe_list.count()):
            item = self.probe_list.item(i)
            if item.data(REF_ROLE) == ident:
                item.setText(self._probe_text(probe))
        self._show_budget()
        return lines

    def run_selected_probe(self) -> list[str]:
        item = self.probe_list.currentItem()
        return self.run_probe(item.data(REF_ROLE)) if item is not None else []

    def set_answer(self, cause: str, seams: Sequence[str] = ()) -> None:
        """Name the root cause by its ref (``component:chiller``, ``layer:network``…) and tick
        the seams by theirs; the pickers show their names."""
        cause = str(cause or "").strip()
        layer = self.stack.layer_of(cause) if cause else None
        index = self.layer_box.findData(layer) if layer is not None else -1
        self.layer_box.setCurrentIndex(index)
        if index < 0:
            self.cause_box.clear()
        if cause and index >= 0:
            found = self.cause_box.findData(cause)
            if found < 0:            # a ref the pickers do not list (an OSI sub-layer, say)
                self.cause_box.addItem(self.stack.label(cause), cause)
                found = self.cause_box.count() - 1
            self.cause_box.setCurrentIndex(found)
        wanted = {str(s) for s in seams}
        for i in range(self.seam_list.count()):
            item = self.seam_list.item(i)
            item.setCheckState(Qt.Checked if item.data(REF_ROLE) in wanted else Qt.Unchecked)

    def answers(self) -> list[str]:
        seams = [self.seam_list.item(i).data(REF_ROLE) for i in range(self.seam_list.count())
                 if self.seam_list.item(i).checkState() == Qt.Checked]
        cause = self.cause_box.currentData() if self.cause_box.currentIndex() >= 0 else None
        return ([str(cause)] if cause else []) + seams

    def submit(self, *, keep: bool = True) -> Any:
        """Grade the answer, show the score, write the result file (``save_dir``; not with
        ``keep=False``, for a look at the score that leaves no file behind)."""
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
            score=f"{self.graded.score * 100:.0f}") + "<br>"
            + "<br>".join(escape(line) for line in self.graded.feedback))
        sc = self.case.scenario
        result = make_result(self.student_edit.text().strip() or self.tr("anonymous"),
                             f"scenario:{sc.id}", self.case.seed,
                             {"refs": answers, "probes": list(self.case.probes_run)},
                             self.graded.score, key=choose_key(sc.source),
                             detail={"parts": dict(self.graded.parts)})
        self._bring_into_view(self.score_label)
        if keep and self.save_dir is not None:
            write_result(result, self.save_dir)
        if self.on_graded is not None:
            self.on_graded(self.case, self.graded, result)
        return self.graded

    def _help(self, text: str) -> None:
        """A hint or the reveal: under the answer buttons, and in the probe log for later."""
        self.help_label.setText(text)
        self.probe_output.appendPlainText(text)
        self._bring_into_view(self.help_label)

    def _bring_into_view(self, label: QLabel) -> None:
        """Feedback below the buttons scrolls into sight once laid out (on a short screen the
        Answer page is taller than its room); the buttons stay where the layout put them."""
        QTimer.singleShot(0, self, lambda: self.answer_page.ensureWidgetVisible(label, 0, 8))

    def next_hint(self) -> str:
        if self.case is None or self.case.scenario.mode != "practice":
            return ""
        hints = self.case.scenario.hints
        if not hints:
            text = self.tr("No hints for this one.")
        else:
            text = hints[min(self.hints_shown, len(hints) - 1)]
            self.hints_shown += 1
        self._help(self.tr("Hint: {text}").format(text=text))
        return text

    def reveal(self) -> dict:
        """Practice only: the cause and its path, for the student to compare."""
        if self.case is None or self.case.scenario.mode != "practice":
            return {}
        rc = self.case.root_cause()
        path = [self.stack.label(ref) for ref in rc["path"]]
        self._help(self.tr("It was {ref}, climbing {path}.").format(
            ref=self.stack.label(rc["ref"]), path="; ".join(path) or self.tr("no seams")))
        return rc
