"""Lessons as data: ``lessons/<id>.yaml`` → a validated, immutable ``Lesson``; grading of checks.

A lesson is a list of steps. Each step shows Markdown text, may light up parts of the column
(``highlight``), may make the app do one thing (``action``: select, flow, seek, fault, lens, load,
scale) and may ask one question (``check``: choice, numeric, order). docs/lesson-format.md is the
reference; docs/authoring.md is the guide for instructors.

Instructors write lessons without programming, so ``read_lesson`` reports every problem in one
pass as ``path:line:column: message`` through ``Reader``, with "did you mean" suggestions, and
``load_all`` never raises: a broken file becomes problems and the other lessons still load.

Grading is plain functions over the data (``grade``, ``shuffled_items``), so the lesson panel
only renders results; ``desktop.core.learn.session`` ties a lesson to the saved progress.

Nothing heavy is imported here at module import: PyYAML (through ``desktop.core.data.source``) and the
stack are loaded only when a lesson file is actually read.
"""
from __future__ import annotations

import fnmatch
import math
import random
import re
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from desktop import resources
from desktop.core.data import markdown_rules
from desktop.core.data.problems import Problem

if TYPE_CHECKING:
    from desktop.core.catalog import Known
    from desktop.core.stack.model import Stack
    from desktop.core.data.source import Document, Pos, Reader

LEVELS = ("beginner", "intermediate", "advanced")
ACTION_KINDS = ("select", "flow", "seek", "fault", "lens", "load", "scale")
CHECK_KINDS = ("choice", "numeric", "order")
REF_KINDS = ("layer", "component", "seam", "osi", "tcpip")   # desktop.core.stack.model.REF_KINDS
MIN_OPTIONS, MAX_OPTIONS = 2, 5
MIN_ITEMS = 2
LESSONS_FOLDER = "lessons"        # inside a folder of this name, the file name must be the id

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REF_SHAPE = re.compile(r"^[a-z]+:\S+$")          # ``kind:id``; text with spaces is plain text
_FIGURE_CITE = re.compile(r"\((figures?):\s*([^)]*)\)")
_FIGURE_NAME = re.compile(r"^[A-Za-z0-9_.*-]+$")
_IMAGE = re.compile(r"!\[")
_LINK = re.compile(r"\]\(|<https?://|(?<![\w/])https?://")


# --- the data ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Action:
    """What the app does when the student arrives at a step. Exactly one kind per step.

    ``select``: ``ref``.  ``flow``: ``flow`` and ``play``.  ``seek``: ``at`` (seconds of
    simulated time).  ``fault``: ``fault`` and ``at`` (None = at once).  ``lens``: ``lens``.
    ``load``: ``flow``, ``rps`` and ``seconds`` (duration).  ``scale``: ``preset``.
    """

    kind: str
    ref: str = ""
    flow: str = ""
    play: bool = False
    at: float | None = None
    fault: str = ""
    lens: str = ""
    rps: float = 0.0
    seconds: float = 0.0
    preset: str = ""

    @property
    def target(self) -> str:
        """The one id the action names (a ref, a flow, fault, lens or preset id); '' for seek."""
        return {"select": self.ref, "flow": self.flow, "fault": self.fault, "lens": self.lens,
                "load": self.flow, "scale": self.preset}.get(self.kind, "")


@dataclass(frozen=True)
class Option:
    text: str
    feedback: str
    correct: bool = False


@dataclass(frozen=True)
class Feedback:
    """Feedback texts: ``correct`` for numeric and order, ``low``/``high`` numeric, ``wrong`` order."""

    correct: str = ""
    wrong: str = ""
    low: str = ""
    high: str = ""


@dataclass(frozen=True)
class Check:
    """A question. ``choice`` uses ``options``; ``numeric`` uses ``answer``, ``tolerance``,
    ``unit`` and ``feedback.correct/low/high``; ``order`` uses ``items`` (in the correct order)
    and ``feedback.correct/wrong``. Every check has a ``prompt`` and a ``hint``."""

    kind: str
    prompt: str
    hint: str
    options: tuple[Option, ...] = ()
    answer: float = 0.0
    tolerance: float = 0.0
    unit: str = ""
    items: tuple[str, ...] = ()
    feedback: Feedback = field(default_factory=Feedback)

    @property
    def correct_options(self) -> tuple[int, ...]:
        return tuple(i for i, o in enumerate(self.options) if o.correct)

    @property
    def multiple(self) -> bool:
        """True when several options are correct (the panel shows check boxes, not radio buttons)."""
        return len(self.correct_options) > 1

    @property
    def key(self) -> str:
        """A short fingerprint of what counts as right; progress recorded against a different
        key (the lesson file changed) is not credited."""
        if self.kind == "choice":
            basis: Any = [(o.text, o.correct) for o in self.options]
        elif self.kind == "numeric":
            basis = (repr(float(self.answer)), repr(float(self.tolerance)))
        else:
            basis = list(self.items)
        return f"{zlib.crc32(repr((self.kind, self.prompt, basis)).encode('utf-8')):08x}"


@dataclass(frozen=True)
class Step:
    title: str
    text: str                          # Markdown
    highlight: tuple[str, ...] = ()    # refs: layer:…, component:…, seam:…, osi:…, tcpip:…
    action: Action | None = None
    check: Check | None = None
    line: int = 0                      # where the step starts in its file (1-based)


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    summary: str
    level: str
    minutes: int
    prerequisites: tuple[str, ...]
    steps: tuple[Step, ...]
    source: str = ""                   # the file it was read from

    @property
    def path(self) -> Path:
        return Path(self.source)

    @property
    def check_steps(self) -> tuple[int, ...]:
        """Indexes of the steps that ask a question."""
        return tuple(i for i, s in enumerate(self.steps) if s.check is not None)

    @property
    def shipped(self) -> bool:
        """True for the lessons that come with the app (not the user's own folder)."""
        try:
            return Path(self.source).resolve().parent == resources.lessons_dir().resolve()
        except OSError:
            return False


# --- grading -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    """The outcome of one answer. ``verdict`` is ``correct``, ``wrong``, ``partial`` (some right
    options, none wrong, not all), ``low``, ``high`` or ``invalid`` (nothing chosen, not a number,
    not a permutation of the items: not counted as an attempt)."""

    correct: bool
    feedback: str
    verdict: str

    @property
    def valid(self) -> bool:
        return self.verdict != "invalid"


def _invalid(message: str) -> Result:
    return Result(False, message, "invalid")


def grade(check: Check, answer: Any) -> Result:
    """Grade one answer: choice → iterable of option indexes, numeric → a number (or text, read
    by ``parse_number``), order → the items in the student's order."""
    if check.kind == "choice":
        return _grade_choice(check, answer)
    if check.kind == "numeric":
        return _grade_numeric(check, answer)
    if check.kind == "order":
        return _grade_order(check, answer)
    raise ValueError(f"unknown check kind {check.kind!r}")


def _grade_choice(check: Check, answer: Any) -> Result:
    if isinstance(answer, int) and not isinstance(answer, bool):
        answer = [answer]
    try:
        chosen = sorted({int(i) for i in answer})
    except (TypeError, ValueError):
        return _invalid("Choose an answer first.")
    if not chosen:
        return _invalid("Choose an answer first.")
    if chosen[0] < 0 or chosen[-1] >= len(check.options):
        return _invalid("That option does not exist.")
    right = set(check.correct_options)
    wrong = [i for i in chosen if i not in right]
    if wrong:
        return Result(False, "\n\n".join(check.options[i].feedback for i in wrong), "wrong")
    if set(chosen) != right:
        missing = len(right) - len(chosen)
        more = "one more answer is" if missing == 1 else f"{missing} more answers are"
        text = "\n\n".join(check.options[i].feedback for i in chosen)
        return Result(False, f"{text}\n\nRight so far, but {more} correct too.", "partial")
    return Result(True, "\n\n".join(check.options[i].feedback for i in chosen), "correct")


def parse_number(text: str) -> float | None:
    """A number typed by a student: ``5600``, ``5 600``, ``3.33``, ``3,33``, ``3.8e25``.

    ``5,600`` is ambiguous (5600 or 5.6?) and gives None, as does anything that is not a number.
    """
    s = text.strip().replace("\u2009", "").replace("\u202f", "").replace("\u00a0", "")
    s = s.replace(" ", "").replace("_", "").replace("'", "").replace("\u2212", "-")
    if "," in s:
        if "." in s or s.count(",") > 1 or re.fullmatch(r"[+-]?\d{1,3},\d{3}", s):
            return None
        s = s.replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _grade_numeric(check: Check, answer: Any) -> Result:
    if isinstance(answer, str):
        value = parse_number(answer)
    elif isinstance(answer, (int, float)) and not isinstance(answer, bool):
        value = float(answer)
    else:
        value = None
    if value is None or not math.isfinite(value):
        return _invalid("Type a number, such as 48 or 3.5.")
    slack = 1e-9 * max(1.0, abs(check.answer))       # 3.33 - 0.15 must accept 3.18
    if value < check.answer - check.tolerance - slack:
        return Result(False, check.feedback.low, "low")
    if value > check.answer + check.tolerance + slack:
        return Result(False, check.feedback.high, "high")
    return Result(True, check.feedback.correct, "correct")


def _grade_order(check: Check, answer: Any) -> Result:
    try:
        given = [str(a) for a in answer]
    except TypeError:
        return _invalid("Put all the items in order first.")
    if sorted(given) != sorted(check.items):
        return _invalid("Put all the items in order first.")
    if tuple(given) == check.items:
        return Result(True, check.feedback.correct, "correct")
    return Result(False, check.feedback.wrong, "wrong")


def shuffled_items(check: Check, seed: int | str) -> tuple[str, ...]:
    """The order items as the student first sees them: a deterministic shuffle for ``seed``
    that is never already the correct order (when there are two or more items)."""
    items = list(check.items)
    random.Random(seed).shuffle(items)
    if len(items) >= 2 and tuple(items) == check.items:
        items = items[1:] + items[:1]
    return tuple(items)


def option_order(check: Check, seed: int | str) -> tuple[int, ...]:
    """A deterministic display order for choice options (indexes into ``check.options``)."""
    order = list(range(len(check.options)))
    random.Random(seed).shuffle(order)
    return tuple(order)


def item_label(item: str, stack: Stack) -> str:
    """How an order item is shown: a ref becomes its label, plain text stays as written."""
    return stack.label(item) if stack.find(item) is not None else item


def figure_citations(text: str) -> list[str]:
    """The figure names a text cites as ``(figure: name, …)`` or ``(figures: a, b)``.

    With ``figure:`` only the first name counts (the rest may be prose, such as an author);
    a name may be a group prefix (``rack.density``) or a glob (``dean-norvig.*``).
    """
    out: list[str] = []
    for m in _FIGURE_CITE.finditer(text):
        parts = [p.strip() for p in m.group(2).split(",")]
        names = parts[:1] if m.group(1) == "figure" else parts
        out.extend(n for n in names if n and _FIGURE_NAME.match(n))
    return out


def figure_matches(name: str, known: Iterable[str]) -> list[str]:
    """The figures a cited name stands for: itself, a group (``rack.density`` →
    ``rack.density.*`` and ``rack.density_*``) or a glob."""
    known = list(known)
    if "*" in name or "?" in name:
        return [k for k in known if fnmatch.fnmatchcase(k, name)]
    if name in known:
        return [name]
    return [k for k in known if k.startswith(name + ".") or k.startswith(name + "_")]


# --- reading ---------------------------------------------------------------------------------

def _suggest(name: str, ids: Sequence[str]) -> str:
    """A hint after an unknown id: a near miss, else a short list of what exists."""
    from desktop.core.data.source import suggest

    # ``dns-server`` → ``dns``: an id the name starts with (or that starts with the name) is
    # closer to what the writer meant than a mere spelling neighbour such as ``server``.
    near = [i for i in ids if i and (name.startswith(i) or i.startswith(name))]
    if near and name:
        best = max(near, key=lambda i: (min(len(i), len(name)), -abs(len(i) - len(name))))
        return f" (did you mean '{best}'?)"
    hint = suggest(name, ids)
    if hint:
        return hint
    if not ids:
        return ""
    head = ", ".join(ids[:3])
    return f" (known: {head}, ...)" if len(ids) > 3 else f" (known: {head})"


class _Validator:
    """The checks that need ``Known``, with the skips the catalogue allows."""

    def __init__(self, doc: Document, known: Known) -> None:
        self.doc = doc
        self.known = known

    def ref(self, ref: str, pos: Pos, where: str, *, plain_ok: bool = False) -> bool:
        kind, sep, ident = ref.partition(":")
        if plain_ok and not _REF_SHAPE.match(ref):
            return True
        if not sep or kind not in REF_KINDS:
            self.doc.problem(pos, f"{where}: '{ref}' is not a reference; write kind:id with kind "
                                  f"one of {', '.join(REF_KINDS)}")
            return False
        if self.known.ref_exists(ref):
            return True
        ids = [r.partition(":")[2] for r in self.known.stack.refs(kind)]
        self.doc.problem(pos, f"{where}: unknown {kind} '{ident}'{_suggest(ident, ids)}")
        return False

    def ident(self, what: str, ident: str, ids: set[str], pos: Pos, where: str) -> None:
        """An id of a catalogue (flow, fault, lens, preset, lesson). An empty catalogue means its
        module is not there yet: skip rather than fail every lesson."""
        if not ident or not ids or ident in ids:
            return
        self.doc.problem(pos, f"{where}: unknown {what} '{ident}'{_suggest(ident, sorted(ids))}")

    def text(self, text: str, pos: Pos, where: str) -> None:
        markdown_rules.report(self.doc, pos, where, text)   # the allow-list (issue 16)
        names = self.known.figures.names() if self.known.figures is not None else []
        if not names:
            return
        for name in figure_citations(text):
            if not figure_matches(name, names):
                self.doc.problem(pos, f"{where}: unknown figure '{name}' in a (figure: …) citation"
                                      f"{_suggest(name, sorted(names))}")


def _read_action(r: Reader, v: _Validator) -> Action | None:
    present = [k for k in ACTION_KINDS if r.has(k)]
    for key in ACTION_KINDS:      # every allowed key counts as read, so a typo's message lists them
        if not r.has(key):
            r.get(key, object, None, required=False)
    if len(present) != 1:
        found = f"found {', '.join(present)}" if present else "found none"
        r.doc.problem(r.pos, f"{r.where}: must have exactly one of {', '.join(ACTION_KINDS)} ({found})")
        for key in (*present, "play", "at"):
            r.get(key, object, None, required=False)   # read: not also reported as unknown keys
        return None
    kind = present[0]
    # the options that go with one kind only
    play = r.flag("play")
    at = r.number("at", required=False) if r.has("at") else r.get("at", object, None, required=False)
    if r.has("play") and kind != "flow":
        r.doc.problem(r.key_pos("play"), f"{r.where}.play: only a 'flow' action takes 'play'")
    if r.has("at") and kind != "fault":
        r.doc.problem(r.key_pos("at"), f"{r.where}.at: only a 'fault' action takes 'at'"
                                       + ("; a seek names its moment itself: 'seek: 0.35'" if kind == "seek" else ""))
    if at is not None and at < 0:
        r.problem("at", f"{r.where}.at: must be zero or more seconds, found {at:g}")
    pos = r.value_pos(kind)
    where = f"{r.where}.{kind}"
    if kind == "select":
        ref = r.text("select")
        if ref:
            v.ref(ref, pos, where)
        return Action("select", ref=ref)
    if kind == "flow":
        flow = r.text("flow")
        v.ident("flow", flow, v.known.flows, pos, where)
        return Action("flow", flow=flow, play=play)
    if kind == "seek":
        seconds = r.number("seek")
        if seconds < 0:
            r.problem("seek", f"{where}: must be zero or more seconds, found {seconds:g}")
        return Action("seek", at=seconds)
    if kind == "fault":
        fault = r.text("fault")
        v.ident("fault", fault, v.known.faults, pos, where)
        return Action("fault", fault=fault, at=at if at is not None and at >= 0 else None)
    if kind == "lens":
        lens = r.text("lens")
        v.ident("lens", lens, v.known.lenses, pos, where)
        return Action("lens", lens=lens)
    if kind == "load":
        lr = r.child("load")
        flow = lr.text("flow")
        v.ident("flow", flow, v.known.flows, lr.value_pos("flow"), f"{lr.where}.flow")
        rps = lr.number("rps")
        seconds = lr.number("seconds")
        for key, value in (("rps", rps), ("seconds", seconds)):
            if lr.has(key) and value <= 0:
                lr.problem(key, f"{lr.where}.{key}: must be more than 0, found {value:g}")
        lr.done()
        return Action("load", flow=flow, rps=rps, seconds=seconds)
    sr = r.child("scale")
    preset = sr.text("preset")
    v.ident("preset", preset, v.known.presets, sr.value_pos("preset"), f"{sr.where}.preset")
    sr.done()
    return Action("scale", preset=preset)


def _read_feedback(r: Reader, keys: tuple[str, ...]) -> Feedback:
    fr = r.child("feedback")
    values = {k: fr.text(k) for k in keys}
    fr.done()
    return Feedback(**values)


def _read_check(r: Reader, v: _Validator) -> Check | None:
    from desktop.core.data.source import Reader

    kind = r.text("kind")
    prompt = r.text("prompt")
    hint = r.text("hint")
    if kind not in CHECK_KINDS:
        if kind:
            r.problem("kind", f"{r.where}.kind: expected one of {', '.join(CHECK_KINDS)}, found '{kind}'")
        return None                          # its other fields depend on the kind: say nothing
    if kind == "choice":
        options: list[Option] = []
        seen: dict[str, int] = {}
        entries = r.items("options")
        for node, pos, where in entries:
            orr = Reader(r.doc, node, where, pos)
            text = orr.text("text")
            correct = orr.flag("correct")
            feedback = orr.text("feedback")
            orr.done()
            if text in seen:
                r.doc.problem(orr.value_pos("text"), f"{where}.text: the same option as line {seen[text]}")
            elif text:
                seen[text] = orr.value_pos("text")[0]
            options.append(Option(text=text, feedback=feedback, correct=correct))
        if r.has("options") and isinstance(r.node.get("options"), list):
            if len(options) < MIN_OPTIONS or len(options) > MAX_OPTIONS:
                r.problem("options", f"{r.where}.options: a choice needs {MIN_OPTIONS} to {MAX_OPTIONS} "
                                     f"options, found {len(options)}")
            if options and not any(o.correct for o in options):
                r.doc.problem(r.pos, f"{r.where}: no correct option; mark the right one with 'correct: true'")
        r.done()
        return Check("choice", prompt, hint, options=tuple(options))
    if kind == "numeric":
        answer = r.number("answer")
        tolerance = r.number("tolerance")
        if r.has("tolerance") and tolerance < 0:
            r.problem("tolerance", f"{r.where}.tolerance: must be 0 or more, found {tolerance:g}")
        for key, value in (("answer", answer), ("tolerance", tolerance)):
            if not math.isfinite(value):
                r.problem(key, f"{r.where}.{key}: must be a finite number")
        unit = r.text("unit")
        feedback = _read_feedback(r, ("correct", "low", "high"))
        r.done()
        return Check("numeric", prompt, hint, answer=answer, tolerance=max(tolerance, 0.0),
                     unit=unit, feedback=feedback)
    items: list[str] = []
    first_at: dict[str, int] = {}
    for item, pos, where in r.items("items"):
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            r.doc.problem(pos, f"{where}: expected text or a reference, found "
                               f"{'nothing' if item is None or item == '' else type(item).__name__}")
            continue
        item = item.strip()
        v.ref(item, pos, where, plain_ok=True)
        if item in first_at:
            r.doc.problem(pos, f"{where}: the same item as line {first_at[item]}; items must differ")
        else:
            first_at[item] = pos[0]
        items.append(item)
    if r.has("items") and isinstance(r.node.get("items"), list) and len(r.node["items"]) < MIN_ITEMS:
        r.problem("items", f"{r.where}.items: an order check needs at least {MIN_ITEMS} items, "
                           f"found {len(r.node['items'])}")
    feedback = _read_feedback(r, ("correct", "wrong"))
    r.done()
    return Check("order", prompt, hint, items=tuple(items), feedback=feedback)


def _read_step(r: Reader, pos: Pos, v: _Validator) -> Step:
    title = r.text("title")
    text = r.text("text")
    if text:
        v.text(text, r.value_pos("text"), f"{r.where}.text")
    highlight: list[str] = []
    for item, ipos, where in r.items("highlight", required=False):
        if not isinstance(item, str):
            r.doc.problem(ipos, f"{where}: expected a reference such as component:gpu")
            continue
        if v.ref(item.strip(), ipos, where):
            highlight.append(item.strip())
    action = check = None
    if r.has("action"):
        ar = r.child("action")
        action = _read_action(ar, v) if ar.ok else None
        ar.done()
    else:
        r.child("action", required=False)
    if r.has("check"):
        cr = r.child("check")
        check = _read_check(cr, v) if cr.ok else None
    else:
        r.child("check", required=False)
    return Step(title=title, text=text, highlight=tuple(highlight), action=action, check=check,
                line=pos[0])


def _sibling_ids(path: str) -> set[str]:
    """Lesson ids next to this file: prerequisites may name lessons of the same folder."""
    folder = Path(path).parent
    try:
        return {p.stem for p in folder.glob("*.yaml")} if folder.name == LESSONS_FOLDER else set()
    except OSError:
        return set()


def read_lesson(doc: Document, known: Known) -> Lesson | None:
    """Validate one parsed lesson file; every problem goes to ``doc.problems``.

    Returns the lesson, or None when the file has any problem.
    """
    from desktop.core.data.source import Reader, map_list

    if doc.data is None:
        return None
    v = _Validator(doc, known)
    top = Reader(doc, doc.data, "lesson")
    if not top.ok:
        return None
    ident = top.text("id")
    path = Path(doc.path)
    if ident and not _ID.match(ident):
        top.problem("id", f"lesson.id: '{ident}' must be lowercase letters, digits and dashes, "
                          f"such as layer-0-facility")
    elif ident and path.parent.name == LESSONS_FOLDER and path.suffix in (".yaml", ".yml") \
            and path.stem != ident:
        top.problem("id", f"lesson.id: '{ident}' must match the file name: rename the file to "
                          f"'{ident}{path.suffix}' or change the id to '{path.stem}'")
    title = top.text("title")
    summary = top.text("summary")
    level = top.text("level")
    if level and level not in LEVELS:
        top.problem("level", f"lesson.level: expected one of {', '.join(LEVELS)}, found '{level}'")
    minutes = top.integer("minutes")
    if type(top.node.get("minutes")) is int and minutes <= 0:
        top.problem("minutes", f"lesson.minutes: must be more than 0, found {minutes}")
    lesson_ids = set(known.lessons) | _sibling_ids(doc.path) if known.lessons else set()
    prerequisites: list[str] = []
    for item, pos, where in top.items("prerequisites"):
        if not isinstance(item, str) or not item.strip():
            doc.problem(pos, f"{where}: expected a lesson id")
            continue
        item = item.strip()
        if item == ident:
            doc.problem(pos, f"{where}: a lesson cannot be its own prerequisite")
            continue
        v.ident("lesson", item, lesson_ids, pos, where)
        prerequisites.append(item)
    steps = map_list(top, "steps", lambda r, pos: _read_step(r, pos, v))
    if top.has("steps") and isinstance(top.node.get("steps"), list) and not top.node["steps"]:
        top.problem("steps", "lesson.steps: a lesson needs at least one step")
    _check_flow_before(doc, top, steps)
    top.done()
    if doc.problems:
        return None
    return Lesson(id=ident, title=title, summary=summary, level=level, minutes=minutes,
                  prerequisites=tuple(prerequisites), steps=tuple(steps), source=doc.path)


def _check_flow_before(doc: Document, top: Reader, steps: list[Step]) -> None:
    """Seeks and faults act on the flow already loaded: a step before must load one."""
    nodes = top.node.get("steps")
    if not isinstance(nodes, list) or len(nodes) != len(steps):
        return
    loaded = False
    for i, (node, step) in enumerate(zip(nodes, steps)):
        action = step.action
        if action is None:
            # an action that could not be read may have been the flow: give it the benefit
            loaded = loaded or (isinstance(node, dict) and "action" in node)
            continue
        if action.kind in ("flow", "load"):
            loaded = True
        elif action.kind in ("seek", "fault") and not loaded:
            act = node["action"]
            doc.problem(act.value_pos.get(action.kind, act.pos),
                        f"lesson.steps[{i}].action.{action.kind}: acts on the loaded flow; load one "
                        f"with 'flow: …' in an earlier step")


# --- finding and loading -----------------------------------------------------------------------

def lessons_dir() -> Path:
    return resources.lessons_dir()


def _yaml_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.glob("*.yaml") if p.is_file() and not p.name.startswith("."))
    except OSError:
        return []


def discover(folders: Iterable[str | Path] = (), *, shipped: bool = True) -> list[Path]:
    """Lesson files: the shipped ones first, then each of ``folders`` (the user's own lessons
    folders) in order. Missing folders are skipped; a file is listed once."""
    roots = ([lessons_dir()] if shipped else []) + [Path(f) for f in folders]
    out: list[Path] = []
    seen: set[Path] = set()
    for root in roots:
        for p in _yaml_files(root):
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


def lesson_ids(folders: Iterable[str | Path] = ()) -> list[str]:
    """The ids of the lessons: file names only, nothing parsed (``check`` calls this)."""
    return sorted({p.stem for p in discover(folders)})


def default_known(stack: Stack | None = None) -> Known:
    """What lessons may name, from the shipped data (used when the caller has no ``Known``)."""
    from desktop.core.catalog import build_known
    from desktop.core.stack.reader import load_stack_or_raise

    return build_known(stack or load_stack_or_raise(resources.layers_file()))


def load_lesson(path: str | Path, known: Known | None = None) -> tuple[Lesson | None, list[Problem]]:
    """Read one lesson file: the lesson (or None) and every problem found, sorted."""
    from desktop.core.data.source import parse_file

    doc = parse_file(path)
    if doc.data is not None and not (isinstance(doc.data, dict) and "steps" in doc.data):
        doc.problem(getattr(doc.data, "pos", (1, 1)), "not a lesson: a lesson file has a 'steps' list")
        return None, sorted(doc.problems)
    lesson = read_lesson(doc, known or default_known())
    return lesson, sorted(doc.problems)


def load_all(folders: Iterable[str | Path] = (), known: Known | None = None, *,
             shipped: bool = True) -> tuple[list[Lesson], list[Problem]]:
    """Every lesson that reads cleanly, in study order (prerequisites first), and the problems
    of those that do not. Never raises: a broken file is reported and the others still load."""
    problems: list[Problem] = []
    paths = discover(folders, shipped=shipped)
    try:
        known = known or default_known()
    except Exception as exc:  # no stack, no lessons: say why instead of crashing the panel
        where = str(resources.layers_file())
        return [], [Problem(where, 1, 1, f"cannot check lessons without the stack: {exc}")]
    known = replace(known, lessons=set(known.lessons) | {p.stem for p in paths})
    lessons: list[Lesson] = []
    by_id: dict[str, Lesson] = {}
    for path in paths:
        try:
            lesson, found = load_lesson(path, known)
        except Exception as exc:  # a bug in here must not take the lesson list down with it
            problems.append(Problem(str(path), 1, 1, f"could not read this lesson: {exc!r}"))
            continue
        problems.extend(found)
        if lesson is None:
            continue
        if lesson.id in by_id:
            problems.append(Problem(str(path), 1, 1,
                                    f"lesson.id: '{lesson.id}' is already used by {by_id[lesson.id].source}; "
                                    f"give this lesson another id (and file name)"))
            continue
        by_id[lesson.id] = lesson
        lessons.append(lesson)
    problems.extend(_cycles(lessons))
    return study_order(lessons), sorted(problems)


def _cycles(lessons: list[Lesson]) -> list[Problem]:
    """Prerequisites that lead back to the lesson itself (nobody could ever start them)."""
    by_id = {l.id: l for l in lessons}
    out: list[Problem] = []
    for lesson in lessons:
        stack = [(p, (lesson.id, p)) for p in lesson.prerequisites]
        seen: set[str] = set()
        while stack:
            current, trail = stack.pop()
            if current == lesson.id:
                out.append(Problem(lesson.source, 1, 1, "lesson.prerequisites: a circle of prerequisites: "
                                   + " → ".join(trail)))
                break
            if current in seen or current not in by_id:
                continue
            seen.add(current)
            stack.extend((p, trail + (p,)) for p in by_id[current].prerequisites)
    return out


def study_order(lessons: list[Lesson]) -> list[Lesson]:
    """Prerequisites before the lessons that need them; otherwise by level, then id."""
    rank = {lvl: i for i, lvl in enumerate(LEVELS)}
    pending = sorted(lessons, key=lambda l: (rank.get(l.level, 9), l.id))
    ids = {l.id for l in lessons}
    done: set[str] = set()
    out: list[Lesson] = []
    while pending:
        for i, lesson in enumerate(pending):  # noqa: B007 (i is used after the loop)
            if all(p in done or p not in ids for p in lesson.prerequisites):
                break
        else:
            i = 0                                 # a cycle (reported elsewhere): take the next one
        lesson = pending.pop(i)
        done.add(lesson.id)
        out.append(lesson)
    return out
