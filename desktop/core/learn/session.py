"""One student working through one lesson: a Qt-free state machine over ``Lesson`` + progress.

The lesson panel owns a ``LessonSession`` and renders it: the current ``step`` (text,
highlight, action, check), ``next()``/``back()`` (PageDown/PageUp), ``answer(...)`` → a graded
``Result`` to show, ``hint()``. Every change is recorded in the ``ProgressStore`` at once, so the
student resumes exactly where they left off, with their answers.

A lesson is completed when the student has reached the last step and has answered every check
correctly at least once (in any order, with any number of attempts). Completion is kept even if
they later go back.

Moving with ``next()`` the panel runs only the new step's ``action``. Arriving any other way
(resume, ``back()``, ``go_to()``), it runs ``restore_actions()``: the few earlier actions that
rebuild what the step expects (the loaded flow and its faults, the lens, the scale view).
"""
from __future__ import annotations

import time
from dataclasses import replace
from typing import Any, Callable

import re

from desktop.core.learn.lessons import Action, Check, Lesson, Result, Step, grade, option_order, shuffled_items
from desktop.core.learn.progress import LessonProgress, ProgressStore, StepRecord

# Action kinds that show the outcome of something (a flow playing, a fault striking, a jump in
# time, a load run): a question asked just before one of them is a prediction.
REVEALING = frozenset({"fault", "seek", "load"})
_PREDICT = re.compile(r"\b(predict|prediction|guess)\b", re.IGNORECASE)


class LessonSession:
    def __init__(self, lesson: Lesson, store: ProgressStore, *,
                 now: Callable[[], float] = time.time) -> None:
        if not lesson.steps:
            raise ValueError(f"lesson '{lesson.id}' has no steps")
        self.lesson = lesson
        self.store = store
        self.now = now
        p = store.get(lesson.id)
        last = len(lesson.steps) - 1
        # the file may have lost steps since the progress was saved: stay inside it
        opened = now()
        p = replace(p, step=min(max(p.step, 0), last), furthest=min(max(p.furthest, p.step, 0), last),
                    started=p.started if p.started is not None else opened, last_opened=opened)
        self._p = p
        self._update_completion()
        self.store.put(self._p)

    # where we are ---------------------------------------------------------------------------
    @property
    def progress(self) -> LessonProgress:
        return self._p

    @property
    def index(self) -> int:
        return self._p.step

    @property
    def count(self) -> int:
        return len(self.lesson.steps)

    @property
    def step(self) -> Step:
        return self.lesson.steps[self._p.step]

    @property
    def check(self) -> Check | None:
        return self.step.check

    @property
    def is_first(self) -> bool:
        return self._p.step == 0

    @property
    def is_last(self) -> bool:
        return self._p.step == self.count - 1

    @property
    def completed(self) -> bool:
        return self._p.completed

    @property
    def resumed(self) -> bool:
        """True if the student had been here before (the panel may say "welcome back")."""
        return self._p.furthest > 0 or bool(self._p.steps) or self._p.seconds > 0

    # moving ---------------------------------------------------------------------------------
    def next(self) -> bool:
        """Go to the next step; False (and nothing changes) at the last one. It does not
        enforce predictions: the panel asks ``can_advance()`` and disables Next with its
        reason (scripts and tests may still walk a lesson)."""
        return self.go_to(self._p.step + 1)

    def is_prediction(self, index: int | None = None) -> bool:
        """True when a step asks the student to predict what a later step shows."""
        return is_prediction(self.lesson, self._p.step if index is None else index)

    def can_advance(self) -> str:
        """'' when Next may go on; otherwise the one-line reason to show beside the disabled
        Next button. A prediction must be committed (any valid answer, right or wrong) before
        the step that reveals it: predicting after seeing teaches nothing."""
        if self.is_last:
            return "This is the last step."
        if self.is_prediction() and self.record().attempts == 0:
            return "Make your prediction first: answer the question, then Next shows what happens."
        return ""

    def feedback(self, result: Result) -> str:
        """The text to show for an answer: "Right." or "Not quite." exactly once, then the
        lesson's own explanation without its own lead-in word."""
        return feedback_text(result)

    def labels_to_hide(self, index: int | None = None) -> frozenset[str]:
        """The column labels that would give the current check's answer away (see
        ``labels_to_hide``); empty when the step has no check or it is solved."""
        i = self._p.step if index is None else index
        if self.solved(i):
            return frozenset()
        return labels_to_hide(self.lesson.steps[i])

    def back(self) -> bool:
        """Go to the previous step; False at the first one."""
        return self.go_to(self._p.step - 1)

    def go_to(self, index: int) -> bool:
        if not 0 <= index < self.count or index == self._p.step:
            return False
        self._p = replace(self._p, step=index, furthest=max(self._p.furthest, index))
        self._update_completion()
        self.store.put(self._p)
        return True

    # answering ------------------------------------------------------------------------------
    def answer(self, value: Any) -> Result:
        """Grade an answer to the current step's check and record it.

        choice: option indexes (a list or set; all the correct ones when there are several);
        numeric: a number or the text typed; order: the items in the student's order.
        An invalid answer (nothing chosen, not a number) is not recorded as an attempt.
        """
        check = self.step.check
        if check is None:
            raise ValueError(f"step {self._p.step} of '{self.lesson.id}' has no check")
        result = grade(check, value)
        if not result.valid:
            return result
        self._p = self._p.with_answer(self._p.step, check.key, _storable(check, value), result.correct)
        self._update_completion()
        self.store.put(self._p)
        return result

    def hint(self) -> str:
        """The current check's hint; records that the student asked for it."""
        check = self.step.check
        if check is None:
            return ""
        rec = self.record()
        if not rec.hinted:
            base = rec if rec.key == check.key else StepRecord(key=check.key)
            self._p = self._p.with_record(self._p.step, replace(base, hinted=True))
            self.store.put(self._p)
        return check.hint

    def record(self, index: int | None = None) -> StepRecord:
        """What the student did at a step's check (empty if nothing, or if the check changed)."""
        i = self._p.step if index is None else index
        check = self.lesson.steps[i].check
        rec = self._p.record(i)
        if check is None or rec.key != check.key:
            return StepRecord()
        return rec

    def solved(self, index: int | None = None) -> bool:
        return self.record(index).solved

    def unsolved(self) -> list[int]:
        """Indexes of the steps whose check has not been answered correctly yet."""
        return [i for i in self.lesson.check_steps if not self.solved(i)]

    # presenting -----------------------------------------------------------------------------
    def seed(self, index: int | None = None) -> str:
        """The shuffle seed of a step: stable, so the student sees the same order on resume."""
        return f"{self.lesson.id}:{self._p.step if index is None else index}"

    def order_items(self) -> tuple[str, ...]:
        """The current order check's items as first shown (never already in order)."""
        check = self.step.check
        if check is None or check.kind != "order":
            return ()
        return shuffled_items(check, self.seed())

    def option_order(self) -> tuple[int, ...]:
        """The display order of the current choice check's options (indexes into options)."""
        check = self.step.check
        if check is None or check.kind != "choice":
            return ()
        return option_order(check, self.seed())

    def restore_actions(self, index: int | None = None) -> list[Action]:
        """The actions that rebuild the state of a step reached out of order, oldest first,
        ending with the step's own action: the last flow or load and every fault and the last
        seek after it, the last lens, the last scale view and the last selection."""
        return restore_actions(self.lesson, self._p.step if index is None else index)

    # time -----------------------------------------------------------------------------------
    def add_time(self, seconds: float) -> bool:
        """Add time the student spent in this lesson (the panel measures it)."""
        ok = self.store.add_time(self.lesson.id, seconds)
        self._p = replace(self._p, seconds=self.store.get(self.lesson.id).seconds)
        return ok

    def restart(self) -> None:
        """Forget this lesson's progress and start again at step 0 (the UI asks first)."""
        self.store.reset(self.lesson.id)
        opened = self.now()
        self._p = LessonProgress(self.lesson.id, started=opened, last_opened=opened)
        self.store.put(self._p)

    # completion -----------------------------------------------------------------------------
    def _update_completion(self) -> None:
        """Mark the lesson completed (the caller saves): last step reached, every check solved."""
        if not self._p.completed and self._p.furthest >= self.count - 1 and not self.unsolved():
            self._p = replace(self._p, completed=True, completed_at=self.now())


def is_prediction(lesson: Lesson, index: int) -> bool:
    """A step is a prediction when it has a check and either says so ("Predict: …", "before
    you inject the fault, predict…") or the very next step reveals an outcome (a fault, a
    seek, a load run)."""
    step = lesson.steps[index]
    if step.check is None:
        return False
    if _PREDICT.search(step.title) or _PREDICT.search(step.text) or _PREDICT.search(step.check.prompt):
        return True
    if index + 1 < len(lesson.steps):
        nxt = lesson.steps[index + 1].action
        if nxt is not None and (nxt.kind in REVEALING or (nxt.kind == "flow" and nxt.play)):
            return True
    return False


_LEAD_IN = re.compile(r"^\s*(right|correct|yes|exactly|that'?s right|not quite|not yet|no|wrong|"
                      r"too (?:much|little|low|high))\s*[.:!,;]\s*", re.IGNORECASE)


def feedback_text(result: Result) -> str:
    """One verdict word, then the explanation: "Right: 8 × 700 W …", "Not quite. Start …".

    Authors often open their feedback with "Right." or "Not yet."; the panel used to add its
    own mark in front ("Right. Right: …", "Not quite. Not yet. …"). The author's lead-in is
    dropped and one verdict is written. An invalid answer (nothing chosen) has no verdict."""
    body = (result.feedback or "").strip()
    if not result.valid:
        return body
    mark = "Right" if result.correct else "Not quite"
    if result.verdict == "partial":
        mark = "Partly right"
    stripped = _LEAD_IN.sub("", body, count=1)
    if stripped and stripped != body:
        stripped = stripped[0].upper() + stripped[1:]
    return f"{mark}. {stripped}".strip() if stripped else f"{mark}."


# Label kinds a view can hide, as "kind:ref": the number of an OSI layer or stack layer, an
# OSI layer's PDU name, a TCP/IP layer's name.
HIDE_NUMBER = "number"
HIDE_PDU = "pdu"
HIDE_NAME = "name"


def labels_to_hide(step: Step) -> frozenset[str]:
    """What the column must not print while this step's check is open, as ``"kind:ref"``
    strings: ``number:osi:3`` (the OSI number), ``pdu:osi:4`` (its PDU name),
    ``number:layer:network`` (a stack layer's number badge; ``number:layer:*`` for all of them),
    ``name:tcpip:transport``.

    Ordering OSI layers hides every OSI number; a check whose items or options are PDU names
    hides every PDU; a check about stack-layer numbers ("which layer…", items that are layers)
    hides the numbers of the layers it names, or all of them when it names none."""
    check = step.check
    if check is None:
        return frozenset()
    hide: set[str] = set()
    answers = [*check.items, *(o.text for o in check.options)]
    refs = [t for t in check.items if ":" in t] + list(step.highlight)
    osi_all = [f"osi:{n}" for n in range(1, 8)]
    if any(t.startswith("osi:") for t in check.items) or re.search(r"\bOSI\b.*\b(order|number)", check.prompt, re.I):
        hide.update(f"{HIDE_NUMBER}:{r}" for r in osi_all)
        hide.update(f"{HIDE_NAME}:{r}" for r in refs if r.startswith("tcpip:"))
    if re.search(r"\bPDUs?\b", check.prompt) or sum(bool(_PDU.match(t)) for t in answers) >= 2:
        hide.update(f"{HIDE_PDU}:{r}" for r in osi_all)
    if re.search(r"\b(which|what) (stack )?layers?\b|\blayer numbers?\b|\bstack layer\b", check.prompt, re.I):
        hide.add(f"{HIDE_NUMBER}:layer:*")     # every stack layer's number
    hide.update(f"{HIDE_NUMBER}:{r}" for r in check.items if r.startswith("layer:"))
    return frozenset(hide)


def check_item_label(item: str, stack) -> str:
    """An order item as a check shows it: a ref's name without its number ("Presentation",
    not "OSI 6 · Presentation"), since the number is often what the check asks for."""
    found = stack.find(item)
    if found is None:
        return item
    return getattr(found, "name", None) or stack.label(item)


_PDU = re.compile(r"\s*(the\s+)?(bits?|frames?|packets?|segments?|datagrams?)\b", re.IGNORECASE)


def _storable(check: Check, value: Any) -> Any:
    """The answer as it goes into the progress file (JSON)."""
    if check.kind == "choice":
        return sorted({int(i) for i in ([value] if isinstance(value, int) else value)})
    if check.kind == "numeric":
        if isinstance(value, str):
            from desktop.core.learn.lessons import parse_number

            return parse_number(value)
        return float(value)
    return [str(v) for v in value]


def restore_actions(lesson: Lesson, index: int) -> list[Action]:
    """See ``LessonSession.restore_actions``."""
    keep: dict[int, Action] = {}
    last_of: dict[str, int] = {}
    flow_at = -1
    for i, step in enumerate(lesson.steps[: index + 1]):
        a = step.action
        if a is None:
            continue
        if a.kind in ("flow", "load"):
            flow_at = i
            last_of.pop("seek", None)
        if a.kind in ("select", "lens", "scale", "seek"):
            last_of[a.kind] = i
        elif a.kind in ("flow", "load"):
            last_of["flow"] = i
    faults = [i for i, s in enumerate(lesson.steps[: index + 1])
              if s.action is not None and s.action.kind == "fault" and i > flow_at >= 0]
    for i in (*last_of.values(), *faults):
        action = lesson.steps[i].action
        assert action is not None
        keep[i] = action
    own = lesson.steps[index].action
    if own is not None:
        keep[index] = own
    return [keep[i] for i in sorted(keep)]
