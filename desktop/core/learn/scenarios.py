"""Troubleshooting scenarios as data: a hidden fault, the symptoms it leaves, probes, and a grade.

A scenario (``assets/scenarios/<id>.yaml``, or the user library's ``scenarios/``) hides one or
more faults from ``desktop.core.sim.faults`` in a flow, with parameters drawn from ranges by the
student's seed, so neighbours see different numbers. The student sees only the symptoms (what
the user of the service notices: the flow's latency, milestones and energy against the usual
run), may spend minutes from a budget on probes (read one layer, one component, a plotted
series, the power), and names the root cause (a stack ref such as ``component:chiller``) and
the seams it climbed. ``grade`` gives credit for the right layer, the right component and the
path, less for probes beyond the free ones. docs/scenario-format.md is the reference.

File layout::

    version: 1
    id: hot-afternoon                  # the file name without .yaml
    title: Slow answers on a hot afternoon
    level: intermediate                # beginner | intermediate | advanced
    mode: practice                     # practice (hints, reveal) | assessment (neither)
    brief: What the help desk reports, in the words of a user.
    flow: chatbot-prompt               # the flow the student watches
    options: {connection: reused}      # optional flow options
    hidden:                            # the faults, never shown to the student
      - fault: chiller-trip
        at: {from: -200, to: -60}      # a number, or a range drawn by the seed
        params:
          inlet_start: {from: 22, to: 27, step: 0.5}
    cause: component:chiller           # optional: default, where the first hidden fault strikes
    path: [seam:0-1, seam:1-2]         # optional: default, the seams its leak path crosses
    budget: 30                         # probe minutes the student may spend
    free_probes: 2                     # probes that cost no score (default 2)
    probes:
      - {id: inlet, label: Read the hall's inlet air, minutes: 10, look: {series: inlet}}
      - {id: gpus, label: Time the GPU work, minutes: 5, look: {layer: 1}}
    hints: [Is the slowness in one layer, or in all of them?]
"""
from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from desktop.core.data.units import format_joules, format_seconds, format_watts
from desktop.core.stack.ref import Ref

if TYPE_CHECKING:
    from desktop.core.catalog import Known
    from desktop.core.data.source import Document, Reader
    from desktop.core.stack.model import Stack

SCHEMA_VERSION = 1
LEVELS = ("beginner", "intermediate", "advanced")
MODES = ("practice", "assessment")
LOOK_KINDS = ("layer", "component", "series", "power")
DEFAULT_FREE_PROBES = 2
MAX_LOAD_REQUESTS = 200_000      # a scenario's load run stays well under a second
PROBE_PENALTY = 0.05             # score lost per probe beyond the free ones
WEIGHTS = {"layer": 0.25, "component": 0.35, "path": 0.40}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SEAM = re.compile(r"^seam:(\d)-(\d)$")


# --- the data -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Draw:
    """A value fixed by the author (``low == high``), drawn from a range, or one of choices."""

    low: float = 0.0
    high: float = 0.0
    step: float = 0.0
    choices: tuple[str, ...] = ()

    @property
    def varies(self) -> bool:
        return bool(self.choices) and len(self.choices) > 1 or self.high > self.low

    def pick(self, rng: random.Random) -> float | str:
        if self.choices:
            return rng.choice(self.choices)
        if self.high <= self.low:
            return self.low
        value = rng.uniform(self.low, self.high)
        if self.step > 0:
            value = self.low + round((value - self.low) / self.step) * self.step
            return round(min(max(value, self.low), self.high), 9)
        return float(f"{value:.3g}")


@dataclass(frozen=True)
class Hidden:
    fault: str
    at: Draw | None = None                       # None: the fault's own default moment
    params: tuple[tuple[str, Draw], ...] = ()


@dataclass(frozen=True)
class Probe:
    id: str
    label: str
    minutes: float
    look: str                                    # one of LOOK_KINDS
    target: str = ""                             # the layer number, component id or series


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    level: str
    brief: str
    flow: str
    hidden: tuple[Hidden, ...]
    cause: str
    path: tuple[str, ...] | None                 # None: from the leak path
    budget: float
    probes: tuple[Probe, ...]
    hints: tuple[str, ...] = ()
    options: tuple[tuple[str, Any], ...] = ()
    mode: str = "practice"
    free_probes: int = DEFAULT_FREE_PROBES
    load: tuple[float, float] | None = None      # (requests per second, seconds) of a load run
    source: str = ""

    @property
    def varies(self) -> bool:
        """True when the seed changes what the student sees."""
        return any((h.at is not None and h.at.varies) or any(d.varies for _n, d in h.params)
                   for h in self.hidden)

    def probe(self, ident: str) -> Probe:
        for p in self.probes:
            if p.id == ident:
                return p
        from desktop.core.data.source import suggest

        raise KeyError(f"no probe '{ident}'{suggest(ident, [p.id for p in self.probes])}")


# --- reading ------------------------------------------------------------------------------------

def _draw(r: Reader, key: str, *, required: bool = False) -> Draw | None:
    from desktop.core.data.source import Reader

    if not r.has(key):
        r.get(key, object, None, required=required)
        return None
    raw = r.get(key, object, None, required=False)
    where = f"{r.where}.{key}"
    if isinstance(raw, bool):
        return Draw(choices=(str(raw).lower(),))
    if isinstance(raw, (int, float)):
        return Draw(float(raw), float(raw))
    if isinstance(raw, str):
        return Draw(choices=(raw.strip(),))
    d = Reader(r.doc, raw, where, r.value_pos(key))
    if not d.ok:
        return None
    if d.has("one_of"):
        items = d.get("one_of", list, [], required=True)
        choices = tuple(str(i).lower() if isinstance(i, bool) else str(i) for i in items)
        if len(choices) < 1:
            d.problem("one_of", f"{where}.one_of: give at least one value")
        d.done()
        return Draw(choices=choices)
    low, high = d.number("from"), d.number("to")
    step = d.number("step", required=False)
    if low > high:
        d.problem("from", f"{where}: from ({low:g}) is above to ({high:g})")
    if step < 0:
        d.problem("step", f"{where}.step: must be 0 or more")
    d.done()
    return Draw(low, high, step)


def _read_hidden(r: Reader, _pos: Any, known: Known) -> Hidden | None:
    from desktop.core.data.source import suggest

    ident = r.text("fault")
    fault = None
    if ident:
        from desktop.core.sim.faults import get_fault

        try:
            fault = get_fault(ident)
        except KeyError:
            ids = sorted(known.faults)
            r.problem("fault", f"{r.where}.fault: unknown fault '{ident}'{suggest(ident, ids)}")
    at = _draw(r, "at")
    params: list[tuple[str, Draw]] = []
    p = r.child("params", required=False)
    if p.ok:
        names = [fp.name for fp in fault.params] if fault is not None else []
        for key in list(p.node):
            draw = _draw(p, str(key))
            if fault is not None and key not in names:
                p.doc.problem(p.key_pos(str(key)), f"{p.where}: fault '{ident}' has no parameter "
                                                   f"'{key}'{suggest(str(key), names)}")
                continue
            if draw is not None:
                params.append((str(key), draw))
        p.done()
    return Hidden(ident, at, tuple(params)) if ident else None


def _read_probe(r: Reader, _pos: Any, known: Known) -> Probe | None:
    from desktop.core.data.source import Reader, suggest

    ident = r.text("id")
    if ident and not _ID.match(ident):
        r.problem("id", f"{r.where}.id: lowercase letters, digits and dashes")
    label = r.text("label")
    minutes = r.number("minutes")
    if minutes < 0:
        r.problem("minutes", f"{r.where}.minutes: must be 0 or more, found {minutes:g}")
    lr = r.child("look")
    if not lr.ok:
        return None
    present = [k for k in LOOK_KINDS if lr.has(k)]
    for k in LOOK_KINDS:
        lr.get(k, object, None, required=False)
    lr.done()
    if len(present) != 1:
        lr.doc.problem(lr.pos, f"{lr.where}: must have exactly one of {', '.join(LOOK_KINDS)}")
        return None
    look = present[0]
    raw = lr.node[look]
    target = str(raw).strip()
    pos = lr.value_pos(look)
    if look == "layer":
        if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= 8:
            lr.doc.problem(pos, f"{lr.where}.layer: expected a layer number 0-8, found {raw!r}")
            return None
    elif look == "component":
        ids = [c.id for c in known.stack.components]
        if target not in ids:
            lr.doc.problem(pos, f"{lr.where}.component: unknown component '{target}'{suggest(target, ids)}")
            return None
    elif look == "power":
        target = ""
    _ = Reader
    return Probe(ident, label, minutes, look, target)


def read_scenario(doc: Document, known: Known) -> Scenario | None:
    """Validate one parsed scenario file; every problem goes to ``doc.problems``."""
    from desktop.core.data.source import Reader, check_unique, map_list, suggest

    if doc.data is None:
        return None
    top = Reader(doc, doc.data, "scenario")
    if not top.ok:
        return None
    version = top.integer("version", SCHEMA_VERSION)
    if top.has("version") and version != SCHEMA_VERSION:
        top.problem("version", f"scenario.version: this Stackscope reads version {SCHEMA_VERSION}")
    ident = top.text("id")
    path = Path(doc.path)
    if ident and not _ID.match(ident):
        top.problem("id", f"scenario.id: '{ident}' must be lowercase letters, digits and dashes")
    elif ident and path.suffix in (".yaml", ".yml") and path.stem != ident:
        top.problem("id", f"scenario.id: '{ident}' must match the file name: rename the file to "
                          f"'{ident}{path.suffix}' or change the id to '{path.stem}'")
    title = top.text("title")
    level = top.text("level")
    if level and level not in LEVELS:
        top.problem("level", f"scenario.level: expected one of {', '.join(LEVELS)}, found '{level}'")
    mode = top.text("mode", "practice", required=False) or "practice"
    if mode not in MODES:
        top.problem("mode", f"scenario.mode: expected one of {', '.join(MODES)}, found '{mode}'")
    brief = top.text("brief")
    flow = top.text("flow")
    if flow and known.flows and flow not in known.flows:
        top.problem("flow", f"scenario.flow: unknown flow '{flow}'{suggest(flow, sorted(known.flows))}")
    options: list[tuple[str, Any]] = []
    o = top.child("options", required=False)
    if o.ok:
        for key in list(o.node):
            options.append((str(key), o.get(str(key), object, None, required=False)))
        o.done()
    hidden = map_list(top, "hidden", lambda r, pos: _read_hidden(r, pos, known))
    if top.has("hidden") and isinstance(top.node.get("hidden"), list) and not top.node["hidden"]:
        top.problem("hidden", "scenario.hidden: hide at least one fault")
    cause = top.text("cause", "", required=False)
    if cause and not known.ref_exists(cause):
        top.problem("cause", f"scenario.cause: '{cause}' is not a part of the stack; write a ref "
                             f"such as component:chiller or layer:facility")
    if not cause and hidden:
        from desktop.core.sim.faults import get_fault

        try:
            cause = get_fault(hidden[0].fault).strikes
        except KeyError:
            cause = ""
    seams: tuple[str, ...] | None = None
    if top.has("path"):
        out = []
        for item, pos, where in top.items("path"):
            text = str(item).strip()
            if not _SEAM.match(text) or not known.ref_exists(text):
                doc.problem(pos, f"{where}: expected a seam such as seam:0-1, found '{text}'")
            else:
                out.append(text)
        seams = tuple(out)
    else:
        top.get("path", object, None, required=False)
    budget = top.number("budget")
    if budget < 0:
        top.problem("budget", f"scenario.budget: must be 0 or more minutes, found {budget:g}")
    free = top.integer("free_probes", DEFAULT_FREE_PROBES, required=False)
    probes = map_list(top, "probes", lambda r, pos: _read_probe(r, pos, known))
    items = top.items("probes") if isinstance(top.node.get("probes"), list) else []
    check_unique(doc, ((p.id, pos) for p, (_n, pos, _w) in zip(probes, items)), "probe")
    hints = top.texts("hints")
    load = None
    lr = top.child("load", required=False)
    if lr.ok:
        rps, seconds = lr.number("rps"), lr.number("seconds")
        for key, value in (("rps", rps), ("seconds", seconds)):
            if lr.has(key) and value <= 0:
                lr.problem(key, f"{lr.where}.{key}: must be more than 0, found {value:g}")
        if rps * seconds > MAX_LOAD_REQUESTS:
            lr.problem("rps", f"{lr.where}: {rps * seconds:,.0f} requests is more than a scenario "
                              f"needs; keep rps × seconds under {MAX_LOAD_REQUESTS:,}")
        lr.done()
        load = (rps, seconds)
    top.done()
    if doc.problems:
        return None
    return Scenario(ident, title, level, brief, flow, tuple(hidden), cause, seams, budget,
                    tuple(probes), hints, tuple(options), mode, free, load, doc.path)


# --- one student's case -------------------------------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """One number the student sees: what it is, now, and what it usually is."""

    label: str
    now: str
    usual: str
    value: float = 0.0
    usual_value: float = 0.0

    def __str__(self) -> str:
        return f"{self.label}: {self.now} (usually {self.usual})"


@dataclass
class Case:
    """A scenario for one seed: the drawn faults, the runs with and without them, the probes
    run so far. ``symptoms()`` never names the cause; ``root_cause()`` is for instructors."""

    scenario: Scenario
    seed: int
    specs: tuple[Any, ...]                       # FaultSpec, drawn
    flow: Any
    timeline: Any
    baseline: Any
    stack: Any
    probes_run: list[str] = field(default_factory=list)
    load_run: Any = None                         # LoadResult with the faults, if the scenario has load
    load_baseline: Any = None

    # what the student sees ---------------------------------------------------------------------
    def readings(self) -> list[Reading]:
        tl, base = self.timeline, self.baseline
        out = [Reading("latency", format_seconds(tl.latency_s), format_seconds(base.latency_s),
                       tl.latency_s, base.latency_s)]
        for ident, t in sorted(tl.milestones.items(), key=lambda kv: kv[1]):
            usual = base.milestones.get(ident)
            if usual is not None and ident != tl.latency_milestone:
                label = tl.milestone_labels.get(ident, ident)
                out.append(Reading(label, format_seconds(t), format_seconds(usual), t, usual))
        out.append(Reading("energy per request", format_joules(tl.energy_j),
                           format_joules(base.energy_j), tl.energy_j, base.energy_j))
        if self.load_run is not None:
            sick, well = self.load_run, self.load_baseline
            rate = f"{sick.rps:g} requests/s"
            for label, a, b in ((f"median at {rate}", sick.p50_s, well.p50_s),
                                (f"p99 at {rate}", sick.p99_s, well.p99_s)):
                if math.isfinite(a) and math.isfinite(b):
                    out.append(Reading(label, format_seconds(a), format_seconds(b), a, b))
            lost_now = sick.dropped + sick.timed_out
            lost_usual = well.dropped + well.timed_out
            out.append(Reading(f"requests lost at {rate}", f"{lost_now:,}", f"{lost_usual:,}",
                               lost_now, lost_usual))
        return out

    @property
    def minutes_spent(self) -> float:
        return sum(self.scenario.probe(p).minutes for p in self.probes_run)

    @property
    def minutes_left(self) -> float:
        return self.scenario.budget - self.minutes_spent

    def symptoms(self) -> dict[str, Any]:
        s = self.scenario
        return {
            "scenario": s.id, "title": s.title, "seed": self.seed, "mode": s.mode,
            "brief": s.brief, "flow": self.flow.title,
            "readings": [{"label": r.label, "now": r.now, "usual": r.usual} for r in self.readings()],
            "load": ({"rps": s.load[0], "seconds": s.load[1]} if s.load else None),
            "budget_minutes": s.budget, "minutes_left": self.minutes_left,
            "probes": [{"id": p.id, "label": p.label, "minutes": p.minutes} for p in s.probes],
            "probe_results": {p: self.look(p) for p in self.probes_run},
        }

    # probes -----------------------------------------------------------------------------------
    def probe(self, ident: str) -> list[str]:
        """Run a probe: its lines, and its minutes come off the budget. ValueError when the
        budget cannot pay for it; running one twice costs nothing more."""
        probe = self.scenario.probe(ident)
        if ident in self.probes_run:
            return self.look(ident)
        if probe.minutes > self.minutes_left + 1e-9:
            raise ValueError(f"probe '{ident}' takes {probe.minutes:g} min; "
                             f"{self.minutes_left:g} min left of the budget")
        self.probes_run.append(ident)
        return self.look(ident)

    def look(self, ident: str) -> list[str]:
        probe = self.scenario.probe(ident)
        tl, base = self.timeline, self.baseline
        if probe.look == "power":
            return [str(Reading("peak power (IT)", format_watts(tl.peak_it_w), format_watts(base.peak_it_w))),
                    str(Reading("energy per request", format_joules(tl.energy_j), format_joules(base.energy_j)))]
        if probe.look == "series":
            series = tl.series.get(probe.target)
            if series is None:
                return [f"{probe.label}: nothing out of the ordinary"]
            values = [float(v) for v in series.values]
            return [f"{probe.label}: from {values[0]:.3g} to {max(values):.3g} {series.unit} "
                    f"over the run".rstrip()]
        usual = {e.hop_id: e.duration for e in base.events}
        lines = []
        for e in tl.events:
            hit = (probe.look == "layer" and str(e.layer) == probe.target) or \
                  (probe.look == "component" and e.component == probe.target)
            if hit:
                before = usual.get(e.hop_id)
                lines.append(str(Reading(e.label, format_seconds(e.duration),
                                         format_seconds(before) if before is not None else "not run")))
        return lines or [f"{probe.label}: this request does no work there"]

    # the answer (instructors) -------------------------------------------------------------------
    def expected_path(self) -> tuple[str, ...]:
        if self.scenario.path is not None:
            return self.scenario.path
        from desktop.core.sim.faults import get_fault, leak_path

        fault = get_fault(self.specs[0].id)
        steps = leak_path(self.stack, fault, self.timeline, self.baseline)
        return tuple(dict.fromkeys(Ref("seam", s) for step in steps for s in step.seams))

    def root_cause(self) -> dict[str, Any]:
        cause = self.scenario.cause
        return {"ref": cause, "layer": layer_of(self.stack, cause),
                "faults": [s.name + (f"@{s.at:g}" if s.at is not None else "") for s in self.specs],
                "path": list(self.expected_path())}


def layer_of(stack: Stack, ref: str) -> int | None:
    """The stack layer a ref lies in: a component's layer, a layer's number, 2 for the OSI and
    TCP/IP sub-layers (they live in the network layer), a seam's lower layer."""
    item = stack.find(ref)
    if item is None:
        return None
    kind = ref.partition(":")[0]
    if kind in ("osi", "tcpip"):
        return 2
    if kind == "seam":
        m = _SEAM.match(ref)
        return int(m.group(1)) if m else None
    value = getattr(item, "layer", None) if kind == "component" else getattr(item, "number", None)
    return value if isinstance(value, int) else None


def draw(scenario: Scenario, seed: int) -> tuple[Any, ...]:
    """The hidden faults as ``FaultSpec`` with this seed's moments and parameter values: the same
    seed always gives the same case, and the draw depends on the scenario too."""
    from types import MappingProxyType

    from desktop.core.sim.faults import FaultSpec

    rng = random.Random(f"{scenario.id}:{seed}")
    out = []
    for h in scenario.hidden:
        at = h.at.pick(rng) if h.at is not None else None
        params = {}
        for name, d in h.params:
            value = d.pick(rng)
            params[name] = value if isinstance(value, str) else f"{value:g}"
        out.append(FaultSpec(h.fault, float(at) if at is not None else None, MappingProxyType(params)))
    return tuple(out)


def start(scenario: Scenario, seed: int, *, stack: Stack | None = None, flows: Mapping[str, Any] | None = None,
          figures: Any = None) -> Case:
    """The case a student with ``seed`` works on: draws the faults and runs the flow twice."""
    from desktop.core.sim.faults import simulate_faults
    from desktop.core.sim.simulation import simulate

    if stack is None:
        from desktop import resources
        from desktop.core.stack.reader import load_stack_or_raise

        stack = load_stack_or_raise(resources.layers_file())
    if flows is not None and scenario.flow in flows:
        flow = flows[scenario.flow]
    else:
        from desktop.core.library import find_flow

        flow = find_flow(scenario.flow, stack)
    specs = draw(scenario, seed)
    options = dict(scenario.options)
    timeline = simulate_faults(flow, specs, options, figures=figures)
    baseline = simulate(flow, options, figures=figures)
    case = Case(scenario, seed, specs, flow, timeline, baseline, stack)
    if scenario.load is not None:
        case.load_run, case.load_baseline = _load_runs(scenario, flow, specs, options, seed, figures)
    return case


def _load_runs(scenario: Scenario, flow: Any, specs: Sequence[Any], options: Mapping[str, Any],
               seed: int, figures: Any) -> tuple[Any, Any]:
    """The scenario's load run with its faults and without, on the same servers and arrivals."""
    from dataclasses import replace

    from desktop.core.sim.faults import load_config_hooks, prepare
    from desktop.core.sim.load import LoadConfig, elements_for_flow, run_load

    rps, seconds = scenario.load or (0.0, 0.0)
    well_elements = elements_for_flow(flow, options, figures=figures)
    config = LoadConfig(rps=rps, seconds=seconds, seed=seed)
    well = run_load(well_elements, config, flow=flow.id, figures=figures)
    sick_options = dict(prepare(flow, specs, options, figures).options)
    elements = elements_for_flow(flow, sick_options, figures=figures)
    servers = {s.component: s.servers for s in well.stations}     # the same machines, now sick
    sick_config = replace(config, servers=servers, **load_config_hooks(specs, flow, elements, figures))
    sick = run_load(elements, sick_config, flow=flow.id, figures=figures)
    return sick, well


# --- grading ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Grade:
    correct: bool
    score: float                                 # 0..1
    parts: Mapping[str, float]                   # layer, component, path (each 0..1), probes
    feedback: tuple[str, ...]


def grade(case: Case, answers: Sequence[str], probes_used: Iterable[str] | None = None) -> Grade:
    """Grade the refs a student names: the first that is not a seam is the root cause; the
    seams are the path. Credit: right layer, right component, share of the path (Jaccard);
    minus ``PROBE_PENALTY`` per probe beyond the scenario's free ones."""
    s = case.scenario
    refs = [a.strip() for a in answers if a and a.strip()]
    seams = [r for r in refs if _SEAM.match(r)]
    named = next((r for r in refs if not _SEAM.match(r)), "")
    want_layer = layer_of(case.stack, s.cause)
    got_layer = layer_of(case.stack, named) if named else None
    component = 1.0 if named == s.cause else 0.0
    layer = 1.0 if component or (got_layer is not None and got_layer == want_layer
                                 and not named.startswith("seam:")) else 0.0
    expected = set(case.expected_path())
    given = set(seams)
    path = 1.0 if not expected and not given else (
        len(expected & given) / len(expected | given) if expected | given else 0.0)
    probes = list(probes_used if probes_used is not None else case.probes_run)
    extra = max(0, len(dict.fromkeys(probes)) - s.free_probes)
    raw = WEIGHTS["layer"] * layer + WEIGHTS["component"] * component + WEIGHTS["path"] * path
    score = max(0.0, raw - PROBE_PENALTY * extra)
    feedback = []
    feedback.append("✓ The right component." if component else
                    ("✓ The right layer, but not the component." if layer else
                     "✗ Not the layer where it started."))
    if expected:
        feedback.append(f"{'✓' if path == 1 else '✗'} Path: {len(expected & given)} of "
                        f"{len(expected)} seams named" + (f", {len(given - expected)} not on it"
                                                           if given - expected else "") + ".")
    if extra:
        feedback.append(f"{extra} probe{'s' if extra != 1 else ''} beyond the {s.free_probes} free: "
                        f"−{PROBE_PENALTY * extra:.2f}")
    return Grade(bool(component) and math.isclose(path, 1.0), round(score, 4),
                 {"layer": layer, "component": component, "path": round(path, 4), "extra_probes": extra},
                 tuple(feedback))


# --- finding ------------------------------------------------------------------------------------

def scenarios_dir() -> Path:
    from desktop import resources

    return resources.path("assets", "scenarios")
