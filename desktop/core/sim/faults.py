"""Faults as data: ``assets/faults.yaml`` → validated ``Fault`` objects → simulation modifiers.

A fault strikes one component and changes the simulation through a short list of **effects**,
each of which becomes one modifier (``desktop.core.sim.modifiers``) for a single flow, or one hook
for load mode (``desktop.core.sim.load.LoadConfig``). The simulation never learns what a fault is;
it only sees hops slowed, delayed, interrupted or re-powered from a moment on, which is how the
effect climbs the stack: a hop slowed at layer 1 pushes every later hop, up to the app.

Timing. Every fault strikes at ``at`` seconds on the run's clock (``simulate FLOW --fault
NAME@AT``); the times inside a fault (``from``, ``until``, ``points``) are seconds after that.
``at`` may be negative: the fault began before the request (a chiller trip whose room is
already hot). ``at=None`` means the fault's ``default_at`` (0 unless the file says otherwise).

File layout (``version`` and ``faults`` at the top)::

    - id: chiller-trip                    # an id from docs/ids.md
      name: Chiller trip
      strikes: component:chiller          # where it strikes
      summary: One line.
      explain: Two to four sentences in our own words.
      figures: [cooling.loss_ramp, ...]   # what it rests on; every figure an effect uses
      default_at: -100                    # optional: when it strikes if no time is given
      params:                             # scenario assumptions, as in flows, or true/false
        - {name: inlet_start, value: 24, unit: degC, note: "..."}
      options: {cache: miss}              # optional: flow options it forces (see below)
      effects:
        - {kind: scale_time, target: {component: gpu}, factor: gpu.throttle,
           while: {series: inlet, above: ashrae.inlet_high}}
      leak:                               # the story, one cause → effect line per layer
        - {layer: 0, caption: "Chiller stops → inlet air climbs"}

Effect kinds (quantities are a figure name, a parameter name, or a list of them to add up;
a bare number is allowed only for times and series levels):

==============  ==============================================  ================================
kind            fields                                           becomes
==============  ==============================================  ================================
scale_time      target, factor, [from, until | while]            ScaleTime / service_multiplier
add_delay       target, seconds, [times, from, until]            AddDelay / extra_delay
scale_power     target, factor, [from, until]                    ScalePower / power_multiplier
outage          target, until, [from, restart]                   Outage / extra_delay (waits)
ramp            series, label, unit, base, rate, until, [fall]   Profile (a plotted series)
steps           series, label, unit, base, points                Profile (a stepped series)
arrivals        factor, [from, until]                            load: arrival_multiplier
loss            target, share, seconds, [from, until]            load: extra_delay for a share
capacity        target, servers, lost, [from, until]             load: service_multiplier
==============  ==============================================  ================================

Every effect may also carry ``mode`` (``flow``, ``load`` or ``both``, the default), ``when``
(``{param: value}``: only under those parameter values) and ``instead_of_option`` (only when the
fault's forced option could not apply; see below). A ``target`` names ``component(s)``,
``layer(s)`` (number or id) and optionally ``hops``, patterns of hop ids (``*prefill``); with
both components and layers, each component must lie in one of the layers.

Forced options. A fault may set flow options (``cache: miss``) where that is the honest model.
Options hold for a whole run, so they apply only when the fault is in force from the start
(``at <= 0``) and the flow has the option; otherwise the effects marked ``instead_of_option``
model the same thing from ``at`` on (the cache hop pays for the database read).

Parameters can be changed per use: ``utility-outage:ups_fails=true@2`` (see ``parse_fault_spec``).
"""
from __future__ import annotations

from functools import lru_cache

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from desktop import resources
from desktop.core.sim.figures import Figures, shipped_figures
from desktop.core.sim.modifiers import (FOREVER, AddDelay, Modifier, Outage, Profile, ScalePower,
                                    ScaleTime, Target)
from desktop.core.data.problems import Problem, or_raise
from desktop.core.sim.series import Series
from desktop.core.data.source import (Document, MDict, MList, Pos, Reader, check_unique, map_list,
                                 parse_file, suggest)

if TYPE_CHECKING:
    from desktop.core.catalog import Known
    from desktop.core.sim.flows import Flow
    from desktop.core.stack.model import Stack
    from desktop.core.sim.simulation import Timeline

SCHEMA_VERSION = 1
LAYER_MAX = 8
MODES = ("both", "flow", "load")
LOAD_ONLY = ("arrivals", "loss", "capacity")
SERIES_KINDS = ("ramp", "steps")
EFFECT_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required fields, optional fields) besides mode / when / instead_of_option
    "scale_time": (("target", "factor"), ("from", "until", "while")),
    "add_delay": (("target", "seconds"), ("times", "from", "until")),
    "scale_power": (("target", "factor"), ("from", "until")),
    "outage": (("target", "until"), ("from", "restart")),
    "ramp": (("series", "label", "unit", "base", "rate", "until"), ("from", "fall")),
    "steps": (("series", "label", "unit", "base", "points"), ()),
    "arrivals": (("factor",), ("from", "until")),
    "loss": (("target", "share", "seconds"), ("from", "until")),
    "capacity": (("target", "servers", "lost"), ("from", "until")),
}
COMMON_FIELDS = ("kind", "mode", "when", "instead_of_option")

# What a quantity field measures, and the units that say so. Times convert to seconds.
TIME_UNITS = {"s": 1.0, "ms": 1e-3, "min": 60.0, "h": 3600.0}
FACTOR_UNITS = ("factor", "ratio", "times")
SHARE_UNITS = ("fraction",)
FIELD_DIMENSION = {
    "factor": "factor", "times": "factor", "seconds": "time", "from": "time", "until": "time",
    "share": "share", "servers": "count", "lost": "count", "base": "level", "rate": "rate",
    "fall": "rate", "above": "level",
}
BARE_NUMBERS_OK = ("from", "until", "at", "value", "base")   # times and plotted levels

# Load mode draws "did this request lose a packet" from its own arrival time, so the same
# request is unlucky in every run and the draw needs no shared random state (a hash, not a
# generator: the classic fract(sin(x) × big) trick, decorrelated per component).
HASH_SCALE = 12.9898
HASH_SPREAD = 43758.5453
HASH_SALT = 78.233
SAME = dict(rel_tol=1e-9, abs_tol=1e-12)     # "unchanged" when comparing a run with its baseline


class UnknownFault(KeyError, ValueError):
    """No fault by that id (a KeyError for lookups, a ValueError for command lines)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown fault"


# --- the model ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FaultParam:
    """A scenario assumption of a fault (a number with a unit) or a switch (true/false)."""

    name: str
    value: float | bool
    unit: str
    note: str

    @property
    def is_flag(self) -> bool:
        return isinstance(self.value, bool)


@dataclass(frozen=True)
class Quantity:
    """A number an effect uses: the sum of its terms, each a figure, a parameter or a number."""

    terms: tuple[str | float, ...]

    def names(self) -> tuple[str, ...]:
        return tuple(t for t in self.terms if isinstance(t, str))


@dataclass(frozen=True)
class Condition:
    """``while: {series: inlet, above: ashrae.inlet_high}``: while a series is above a level."""

    series: str
    above: Quantity


@dataclass(frozen=True)
class Effect:
    """One change a fault makes; see the module docstring for the kinds and their fields."""

    kind: str
    target: Target = Target()
    values: Mapping[str, Quantity] = field(default_factory=dict)
    mode: str = "both"
    when: tuple[tuple[str, Any], ...] = ()
    instead_of_option: str = ""
    restart: bool = True
    condition: Condition | None = None
    series: str = ""
    label: str = ""
    unit: str = ""
    points: tuple[tuple[Quantity, float], ...] = ()
    line: int = 0

    def figures(self, figures: Figures) -> tuple[str, ...]:
        names = [n for q in self.values.values() for n in q.names()]
        names += [n for q, _v in self.points for n in q.names()]
        if self.condition is not None:
            names += list(self.condition.above.names())
        return tuple(dict.fromkeys(n for n in names if n in figures))


@dataclass(frozen=True)
class LeakNote:
    """One declared step of a fault's story: at this layer, this cause → this effect."""

    layer: int
    caption: str
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fault:
    id: str
    name: str
    strikes: str                       # a reference, "component:chiller"
    component: str                     # the struck component's id
    layer: int                         # the struck component's layer
    summary: str
    explain: str
    figures: tuple[str, ...]
    params: tuple[FaultParam, ...] = ()
    effects: tuple[Effect, ...] = ()
    options: Mapping[str, str] = field(default_factory=dict)
    leak: tuple[LeakNote, ...] = ()
    default_at: float = 0.0
    source: str = ""
    line: int = 0

    @property
    def ref(self) -> str:
        return f"fault:{self.id}"

    @property
    def series(self) -> tuple[tuple[str, str, str], ...]:
        """(series name, label, unit) for every extra series the fault plots."""
        return tuple((e.series, e.label, e.unit) for e in self.effects if e.kind in SERIES_KINDS)

    def param(self, name: str) -> FaultParam:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults(self) -> dict[str, float | bool]:
        return {p.name: p.value for p in self.params}


@dataclass(frozen=True)
class LeakStep:
    """One step of a leak path, for the column: light up ``refs`` and show ``caption``.

    ``refs`` lists the struck component first (first step only), then the seams crossed to
    reach this layer (``seam:a-b``), the components whose numbers changed here, and the layer.
    ``detail`` is the number behind the caption when a timeline was given ("Prefill 400 ms →
    800 ms"); ``delta_s`` how much later this layer's last changed moment came (None: unknown).
    """

    layer: int
    refs: tuple[str, ...]
    caption: str
    seams: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    changed: bool = False
    detail: str = ""
    delta_s: float | None = None


@dataclass(frozen=True)
class FaultSpec:
    """A fault as a user names it: ``id``, optional parameter values and an optional time."""

    id: str
    at: float | None = None
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The id with its parameters, as ``modifiers(name, …)`` accepts it."""
        if not self.params:
            return self.id
        return self.id + ":" + ",".join(f"{k}={v}" for k, v in self.params.items())


# --- reading ------------------------------------------------------------------------------------

class _FaultReader:
    """One pass over faults.yaml; every check records a located problem and carries on."""

    def __init__(self, doc: Document, known: "Known") -> None:
        self.doc = doc
        self.known = known
        self.stack = known.stack
        self.figures = known.figures

    # helpers -----------------------------------------------------------------------------
    def _layer(self, r: Reader, pos: Pos, where: str, value: Any) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool):
            if 0 <= value <= LAYER_MAX:
                return value
            self.doc.problem(pos, f"{where}: expected a stack layer 0-{LAYER_MAX}, found {value}")
            return None
        if isinstance(value, str):
            for layer in self.stack.layers:
                if layer.id == value.strip():
                    return layer.number
            ids = [layer.id for layer in self.stack.layers]
            self.doc.problem(pos, f"{where}: unknown layer '{value}'{suggest(value, ids)}")
            return None
        self.doc.problem(pos, f"{where}: expected a layer number or id, found {value!r}")
        return None

    def _component(self, pos: Pos, where: str, ident: str) -> int | None:
        try:
            return self.stack.component(ident).layer
        except KeyError:
            ids = [c.id for c in self.stack.components]
            self.doc.problem(pos, f"{where}: unknown component '{ident}'{suggest(ident, ids)}")
            return None

    def _names(self, r: Reader, key: str) -> list[tuple[Any, Pos, str]]:
        """A field that may be one item or a list of them."""
        value = r.node.get(key)
        if isinstance(value, MList):
            r.get(key, list, MList(), required=False)
            return [(item, Reader.item_pos(value, i), f"{r.where}.{key}[{i}]") for i, item in enumerate(value)]
        r.get(key, object, None, required=False)
        return [(value, r.value_pos(key), f"{r.where}.{key}")]

    # a fault -----------------------------------------------------------------------------
    def fault(self, r: Reader, pos: Pos) -> Fault | None:
        ident = r.text("id")
        strikes = r.text("strikes")
        component, layer = "", 0
        if strikes:
            kind, _, comp = strikes.partition(":")
            if kind != "component" or not comp:
                r.problem("strikes", f"{r.where}.strikes: expected a component reference "
                                     f"('component:chiller'), found '{strikes}'")
            else:
                found = self._component(r.value_pos("strikes"), f"{r.where}.strikes", comp)
                if found is not None:
                    component, layer = comp, found
        fig_names = r.texts("figures", required=True)
        for i, name in enumerate(fig_names):
            if name not in self.figures:
                seq = r.node.get("figures")
                self.doc.problem(Reader.item_pos(seq, i), f"{r.where}.figures[{i}]: unknown figure "
                                                          f"'{name}'{suggest(name, self.figures.names())}")
        default_at = r.number("default_at", 0.0, required=False)
        if not math.isfinite(default_at):
            r.problem("default_at", f"{r.where}.default_at: must be a finite number of seconds")
        params = tuple(map_list(r, "params", self.param, required=False))
        check_unique(self.doc, ((p.name, q) for p, (_n, q, _w) in zip(params, r.items("params", required=False))),
                     "parameter")
        options = self.options(r)
        self._places: dict[int, tuple[Pos, str]] = {}
        scope = _Scope(self, r.where, set(fig_names), {p.name: p for p in params})
        effects = tuple(map_list(r, "effects", lambda er, epos: self.effect(er, epos, scope, options)))
        self.check_series(r, effects)
        leak = tuple(map_list(r, "leak", self.leak_note))
        if leak and component and leak[0].layer != layer:
            _node, first_pos, first_where = r.items("leak")[0]
            self.doc.problem(first_pos, f"{first_where}: the story starts where the fault strikes, at "
                                        f"layer {layer}, not layer {leak[0].layer}")
        seen: dict[int, int] = {}
        for note, (_n, npos, where) in zip(leak, r.items("leak")):
            if note.layer in seen:
                self.doc.problem(npos, f"{where}: layer {note.layer} already has a step (leak[{seen[note.layer]}])")
            seen.setdefault(note.layer, len(seen))
        return Fault(id=ident, name=r.text("name"), strikes=strikes, component=component, layer=layer,
                     summary=r.text("summary"), explain=r.text("explain"), figures=fig_names,
                     params=params, effects=effects, options=MappingProxyType(options), leak=leak,
                     default_at=default_at, source=self.doc.path, line=pos[0])

    def param(self, r: Reader, _pos: Pos) -> FaultParam:
        name = r.text("name")
        value: Any = r.node.get("value")
        r.get("value", object, None)
        note = r.text("note")
        if not r.has("value"):
            return FaultParam(name, 0.0, r.text("unit", required=False), note)
        if isinstance(value, bool):
            unit = r.text("unit", required=False)
            return FaultParam(name, value, unit, note)
        if not isinstance(value, (int, float)) or not math.isfinite(float(value)):
            r.problem("value", f"{r.where}.value: expected a number or true/false, found {value!r}")
            value = 0.0
        return FaultParam(name, float(value), r.text("unit"), note)

    def options(self, r: Reader) -> dict[str, str]:
        from desktop.core.sim.flows import BUILTIN_CHOICES

        node = r.get("options", dict, MDict(), required=False)
        out: dict[str, str] = {}
        for key, value in node.items():
            pos = node.value_pos.get(key, r.value_pos("options"))
            text = str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
            if not text:
                self.doc.problem(pos, f"{r.where}.options.{key}: expected an option value, found {value!r}")
                continue
            allowed = BUILTIN_CHOICES.get(str(key))
            if allowed and text not in allowed:
                self.doc.problem(pos, f"{r.where}.options.{key}: expected one of {', '.join(allowed)}, found '{text}'")
                continue
            out[str(key)] = text
        return out

    def leak_note(self, r: Reader, _pos: Pos) -> LeakNote:
        layer = self._layer(r, r.value_pos("layer"), f"{r.where}.layer", r.get("layer", object, None))
        refs = r.texts("refs")
        for i, ref in enumerate(refs):
            if self.stack.find(ref) is None:
                self.doc.problem(Reader.item_pos(r.node.get("refs"), i), f"{r.where}.refs[{i}]: unknown reference '{ref}'")
        caption = r.text("caption")
        if "\n" in caption:
            r.problem("caption", f"{r.where}.caption: one line only")
        return LeakNote(layer if layer is not None else 0, caption, refs)

    # an effect ---------------------------------------------------------------------------
    def effect(self, r: Reader, pos: Pos, scope: "_Scope", options: Mapping[str, str]) -> Effect | None:
        kind = r.text("kind")
        if kind not in EFFECT_KINDS:
            if kind:
                r.problem("kind", f"{r.where}.kind: unknown effect kind '{kind}'{suggest(kind, EFFECT_KINDS)}")
            for key in r.node:          # do not also report its fields as unknown keys
                r.get(str(key), object, None, required=False)
            return None
        required, optional = EFFECT_KINDS[kind]
        mode = r.text("mode", "both", required=False) or "both"
        if mode not in MODES:
            r.problem("mode", f"{r.where}.mode: expected one of {', '.join(MODES)}, found '{mode}'")
        elif kind in LOAD_ONLY and mode == "flow":
            r.problem("mode", f"{r.where}.mode: a '{kind}' effect acts in load mode only")
        when = self.when(r, scope)
        instead = r.text("instead_of_option", required=False)
        if instead and instead not in options:
            known = ", ".join(options) or "none"
            r.problem("instead_of_option", f"{r.where}.instead_of_option: the fault sets no option "
                                           f"'{instead}' (its options: {known})")
        for key in r.node:
            if key not in required and key not in optional and key not in COMMON_FIELDS:
                r.doc.problem(r.key_pos(key), f"{r.where}: unknown key '{key}' for a {kind} effect "
                                              f"(known: {', '.join(sorted((*required, *optional, *COMMON_FIELDS)))})")
                r.get(str(key), object, None, required=False)
        for key in required:
            if not r.has(key):
                r.doc.problem(r.pos, f"{r.where}: a {kind} effect needs '{key}'")
        target = self.target(r) if "target" in (*required, *optional) and r.has("target") else Target()
        values: dict[str, Quantity] = {}
        series_unit = r.text("unit", required=False) if r.has("unit") else ""
        for key in (*required, *optional):
            if key in FIELD_DIMENSION and r.has(key):
                q = scope.quantity(r, key, FIELD_DIMENSION[key], series_unit)
                if q is not None:
                    values[key] = q
        condition = self.condition(r, scope) if r.has("while") else None
        if condition is not None and ("from" in values or "until" in values):
            r.problem("while", f"{r.where}.while: give either while or from/until, not both")
        points = self.points(r, scope) if kind == "steps" else ()
        restart = r.flag("restart", True) if kind == "outage" else True
        effect = Effect(kind=kind, target=target, values=MappingProxyType(values), mode=mode, when=when,
                        instead_of_option=instead, restart=restart, condition=condition,
                        series=r.text("series", required=False) if kind in SERIES_KINDS else "",
                        label=r.text("label", required=False) if kind in SERIES_KINDS else "",
                        unit=series_unit, points=points, line=pos[0])
        self._places[id(effect)] = (pos, r.where)
        return effect

    def target(self, r: Reader) -> Target:
        t = r.child("target")
        comps: list[tuple[str, int | None, Pos]] = []
        for key in ("component", "components"):
            if t.has(key):
                for item, ipos, where in self._names(t, key):
                    if not isinstance(item, str) or not item.strip():
                        self.doc.problem(ipos, f"{where}: expected a component id, found {item!r}")
                        continue
                    comps.append((item.strip(), self._component(ipos, where, item.strip()), ipos))
        layers: list[int] = []
        for key in ("layer", "layers"):
            if t.has(key):
                for item, ipos, where in self._names(t, key):
                    found = self._layer(t, ipos, where, item)
                    if found is not None:
                        layers.append(found)
        hops: list[str] = []
        if t.has("hops"):
            for item, ipos, where in self._names(t, "hops"):
                if not isinstance(item, str) or not item.strip():
                    self.doc.problem(ipos, f"{where}: expected a hop id or pattern such as '*prefill', found {item!r}")
                else:
                    hops.append(item.strip())
        t.done()
        if t.ok and not comps and not layers:
            self.doc.problem(t.pos, f"{t.where}: name a component or a layer")
        if comps and layers:
            for comp, layer, ipos in comps:
                if layer is not None and layer not in layers:
                    self.doc.problem(ipos, f"{t.where}: component '{comp}' is in layer {layer}, not in "
                                           f"layer {', '.join(str(n) for n in layers)}")
            layers = []          # the layers only confirmed where the components are
        return Target(tuple(c for c, _l, _p in comps), tuple(dict.fromkeys(layers)), tuple(hops))

    def when(self, r: Reader, scope: "_Scope") -> tuple[tuple[str, Any], ...]:
        if not r.has("when"):
            return ()
        node = r.get("when", dict, MDict(), required=False)
        out: list[tuple[str, Any]] = []
        for key, value in node.items():
            pos = node.key_pos.get(key, r.value_pos("when"))
            param = scope.params.get(str(key))
            if param is None:
                self.doc.problem(pos, f"{r.where}.when: unknown parameter '{key}'{suggest(str(key), scope.params)}")
                continue
            if param.is_flag != isinstance(value, bool):
                self.doc.problem(node.value_pos.get(key, pos), f"{r.where}.when.{key}: expected "
                                 f"{'true or false' if param.is_flag else 'a number'}, found {value!r}")
                continue
            out.append((str(key), value))
        return tuple(out)

    def condition(self, r: Reader, scope: "_Scope") -> Condition | None:
        c = r.child("while")
        series = c.text("series")
        above = scope.quantity(c, "above", "level", "") if c.has("above") else None
        if not c.has("above"):
            c.get("above", object, None)    # reports it missing
        c.done()
        return Condition(series, above) if series and above is not None else None

    def points(self, r: Reader, scope: "_Scope") -> tuple[tuple[Quantity, float], ...]:
        out: list[tuple[Quantity, float]] = []
        for node, ppos, where in r.items("points"):
            p = Reader(self.doc, node, where, ppos)
            at = scope.quantity(p, "at", "time", "")
            value = p.number("value")
            p.done()
            if at is not None:
                out.append((at, value))
        return tuple(out)

    def check_series(self, r: Reader, effects: Sequence[Effect]) -> None:
        named = {e.series for e in effects if e.kind in SERIES_KINDS}
        check_unique(self.doc, ((e.series, self._places[id(e)][0]) for e in effects if e.kind in SERIES_KINDS),
                     "series")
        for e in effects:
            epos, where = self._places[id(e)]
            if e.condition is not None and e.condition.series not in named:
                self.doc.problem(epos, f"{where}.while: no series '{e.condition.series}' in this fault"
                                       f"{suggest(e.condition.series, named) if named else ' (add a ramp or steps effect)'}")


class _Scope:
    """The names one fault's quantities may use: its listed figures and its parameters."""

    def __init__(self, reader: _FaultReader, where: str, listed: set[str],
                 params: Mapping[str, FaultParam]) -> None:
        self.reader = reader
        self.where = where
        self.listed = listed
        self.params = params

    def quantity(self, r: Reader, key: str, dimension: str, series_unit: str) -> Quantity | None:
        terms: list[str | float] = []
        ok = True
        for item, pos, where in self.reader._names(r, key):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.reader.doc.problem(pos, f"{where}: expected a figure, a parameter or a number, found {item!r}")
                ok = False
                continue
            if isinstance(item, (int, float)):
                if key not in BARE_NUMBERS_OK and dimension not in ("level",):
                    self.reader.doc.problem(pos, f"{where}: a bare number ({item:g}); name a figure, or "
                                                 f"declare a parameter with a note")
                    ok = False
                terms.append(float(item))
                continue
            name = item.strip()
            unit = self._unit(name, pos, where)
            if unit is None:
                ok = False
                continue
            if not _unit_fits(unit, dimension, series_unit):
                self.reader.doc.problem(pos, f"{where}: '{name}' is in {unit}, but {key} needs "
                                             f"{_dimension_text(dimension, series_unit)}")
                ok = False
                continue
            terms.append(name)
        if len(terms) > 1 and dimension not in ("time",):
            self.reader.doc.problem(r.value_pos(key), f"{r.where}.{key}: only times may add up several names")
            ok = False
        return Quantity(tuple(terms)) if ok and terms else None

    def _unit(self, name: str, pos: Pos, where: str) -> str | None:
        figures = self.reader.figures
        if name in self.params:
            p = self.params[name]
            if p.is_flag:
                self.reader.doc.problem(pos, f"{where}: parameter '{name}' is true/false, not a number")
                return None
            return p.unit
        if name in figures:
            if name not in self.listed:
                self.reader.doc.problem(pos, f"{where}: figure '{name}' is not listed under the fault's figures")
                return None
            return figures.get(name).unit
        known = list(self.params) + figures.names()
        self.reader.doc.problem(pos, f"{where}: unknown figure or parameter '{name}'{suggest(name, known)}")
        return None


def _unit_fits(unit: str, dimension: str, series_unit: str) -> bool:
    if dimension == "time":
        return unit in TIME_UNITS
    if dimension == "factor":
        return unit in FACTOR_UNITS
    if dimension == "share":
        return unit in SHARE_UNITS
    if dimension == "level":
        return not series_unit or unit == series_unit
    if dimension == "rate":
        per, _, base = unit.rpartition("/")
        return base in TIME_UNITS and (not series_unit or per == series_unit)
    return True      # counts: any unit


def _dimension_text(dimension: str, series_unit: str) -> str:
    return {"time": f"a time ({', '.join(TIME_UNITS)})", "factor": f"a factor ({', '.join(FACTOR_UNITS)})",
            "share": "a fraction", "level": f"a level in {series_unit or 'the series unit'}",
            "rate": f"a rate in {series_unit or 'units'} per s or per min"}.get(dimension, dimension)


def read_faults(doc: Document, known: "Known") -> list[Fault] | None:
    """Validate a parsed faults file; problems go to ``doc.problems``; None if there were any."""
    if doc.data is None:
        return None
    top = Reader(doc, doc.data, Path(doc.path).name or "faults.yaml")
    version = top.integer("version", SCHEMA_VERSION)
    if top.has("version") and version != SCHEMA_VERSION:
        top.problem("version", f"{top.where}.version: this Stackscope reads version {SCHEMA_VERSION}, found {version}")
    reader = _FaultReader(doc, known)
    faults = map_list(top, "faults", reader.fault)
    check_unique(doc, ((f.id, p) for f, (_n, p, _w) in zip(faults, top.items("faults"))), "fault")
    top.done()
    return None if doc.problems else faults


# --- the shipped catalogue ----------------------------------------------------------------------

def default_path() -> Path:
    return resources.path("assets", "faults.yaml")


def load_faults(path: str | Path | None = None, stack: "Stack | None" = None,
                figures: Figures | None = None) -> tuple[list[Fault] | None, list[Problem]]:
    from desktop.core.catalog import Known
    from desktop.core.stack.reader import load_stack_or_raise

    known = Known(stack=stack or load_stack_or_raise(resources.layers_file()),
                  figures=figures or shipped_figures())
    doc = parse_file(path or default_path())
    return read_faults(doc, known), sorted(doc.problems)


@lru_cache(maxsize=1)
def shipped_faults() -> list[Fault]:
    """The faults shipped with the app, loaded once; raises DataError if the file is broken."""
    return or_raise(*load_faults(default_path()))


def fault_ids() -> list[str]:
    return [f.id for f in shipped_faults()]


def get_fault(ident: str) -> Fault:
    for fault in shipped_faults():
        if fault.id == ident:
            return fault
    raise UnknownFault(f"no fault '{ident}'{suggest(ident, fault_ids())}")


# --- naming a fault on a command line -------------------------------------------------------------

def parse_fault_spec(spec: str) -> FaultSpec:
    """``'utility-outage:ups_fails=true@2.5'`` → ``FaultSpec('utility-outage', 2.5, {'ups_fails': 'true'})``.

    Without ``@`` the time is None (the fault's default). Raises ValueError for a bad spec.
    """
    text = spec.strip()
    name, sep, at_text = text.rpartition("@") if "@" in text else (text, "", "")
    at: float | None = None
    if sep:
        try:
            at = float(at_text)
        except ValueError:
            raise ValueError(f"fault {spec}: '{at_text}' is not a number of seconds") from None
        if not math.isfinite(at):
            raise ValueError(f"fault {spec}: the time must be a finite number of seconds")
    ident, _, rest = name.partition(":")
    params: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in rest.split(","))):
        key, eq, value = pair.partition("=")
        if not eq or not key.strip():
            raise ValueError(f"fault {spec}: parameters are written NAME=VALUE, found '{pair}'")
        params[key.strip()] = value.strip()
    if not ident.strip():
        raise ValueError(f"fault expects NAME[:PARAM=VALUE,…][@SECONDS], found '{spec}'")
    return FaultSpec(ident.strip(), at, MappingProxyType(params))


def parse_fault_arg(spec: str) -> tuple[str, float | None]:
    """``'chiller-trip@2.5'`` → ``('chiller-trip', 2.5)``; ``'chiller-trip'`` → ``('chiller-trip', None)``
    (None: the fault's own default time). Parameters stay in the name for ``modifiers``."""
    parsed = parse_fault_spec(spec)
    return parsed.name, parsed.at


# --- binding a fault to a moment and parameter values ---------------------------------------------

class _Bound:
    """One fault at one moment, with its parameters resolved: the numbers every effect uses."""

    def __init__(self, name: str | Fault, at: float | None, figures: Figures | None) -> None:
        if isinstance(name, Fault):
            fault, overrides = name, {}
        else:
            spec = parse_fault_spec(name)
            fault, overrides = get_fault(spec.id), dict(spec.params)
        self.fault = fault
        self.figures = figures or shipped_figures()
        self.at = fault.default_at if at is None else float(at)
        if not math.isfinite(self.at):
            raise ValueError(f"fault {fault.id}: the time must be a finite number of seconds")
        self.params = fault.defaults()
        for key, text in overrides.items():
            self.params[key] = _param_value(fault, key, text)
        self._profiles: dict[str, Profile] | None = None

    # numbers -----------------------------------------------------------------------------
    def value(self, q: Quantity | None, default: float = 0.0) -> float:
        if q is None:
            return default
        return float(sum(self._term(t) for t in q.terms))

    def _term(self, term: str | float) -> float:
        if not isinstance(term, str):
            return float(term)
        if term in self.params:
            unit = self.fault.param(term).unit
            return float(self.params[term]) * _to_si(unit)
        fig = self.figures.get(term)
        return fig.value * _to_si(fig.unit)

    def time(self, effect: Effect, key: str, default: float) -> float:
        """An effect's ``from``/``until`` on the run's clock (``at`` + the offset)."""
        q = effect.values.get(key)
        return self.at + self.value(q) if q is not None else default

    # which effects apply -----------------------------------------------------------------
    def applies(self, effect: Effect, mode: str, flow: "Flow | None") -> bool:
        if effect.mode not in ("both", mode):
            return False
        if any(self.params.get(k) != v for k, v in effect.when):
            return False
        if effect.instead_of_option and effect.instead_of_option in self.options(flow):
            return False
        return True

    def options(self, flow: "Flow | None") -> dict[str, str]:
        """The fault's forced options that hold for this run: in force from the start, on a flow
        that has the option."""
        if self.at > 0 or flow is None:
            return {}
        names = {o.name for o in flow.options}
        return {k: v for k, v in self.fault.options.items() if k in names and flow.uses(k)}

    def cited(self, effect: Effect) -> tuple[str, ...]:
        return effect.figures(self.figures)

    # series ------------------------------------------------------------------------------
    def profiles(self) -> dict[str, Profile]:
        if self._profiles is None:
            self._profiles = {}
            for e in self.fault.effects:
                if e.kind in SERIES_KINDS and self.applies(e, "flow", None):
                    self._profiles[e.series] = self._profile(e)
        return self._profiles

    def _profile(self, e: Effect) -> Profile:
        name = self.fault.id
        if e.kind == "steps":
            pts = sorted((self.at + self.value(q), v) for q, v in e.points)
            base = self.value(e.values.get("base"))
            first = min([t for t, _v in pts] + [0.0])
            times = (first - 1, *[t for t, _v in pts])
            values = (base, *[v for _t, v in pts])
            return Profile(name, e.series, e.unit, times, values, step=True, label=e.label,
                           figures=self.cited(e))
        base = self.value(e.values.get("base"))
        rate = self.value(e.values.get("rate"))
        t0 = self.time(e, "from", self.at)
        t1 = max(self.time(e, "until", self.at), t0)
        peak = base + rate * (t1 - t0)
        times, values = [t0, t1], [base, peak]
        fall = self.value(e.values.get("fall")) if "fall" in e.values else 0.0
        if fall > 0 and peak != base:
            times.append(t1 + abs(peak - base) / fall)
            values.append(base)
        return Profile(name, e.series, e.unit, tuple(times), tuple(values), label=e.label,
                       figures=self.cited(e))

    def window(self, e: Effect) -> tuple[float, float] | None:
        """When an effect acts on the run's clock; None if never (a ramp that stays below)."""
        if e.condition is not None:
            profile = self.profiles().get(e.condition.series)
            if profile is None:
                return None
            return _above(profile.times, profile.values, self.value(e.condition.above))
        start = self.time(e, "from", self.at)
        stop = self.time(e, "until", FOREVER)
        return (start, stop) if stop > start else None

    # modifiers ---------------------------------------------------------------------------
    def modifiers(self, mode: str, flow: "Flow | None") -> list[Modifier]:
        out: list[Modifier] = []
        for e in self.fault.effects:
            if not self.applies(e, mode, flow):
                continue
            if e.kind in SERIES_KINDS:
                if mode == "flow":
                    out.append(self.profiles()[e.series])
                continue
            if mode == "load" and e.target.hops:
                continue                       # load_hooks works these out per station
            window = self.window(e)
            if window is None:
                continue
            start, stop = window
            name, cited = self.fault.id, self.cited(e)
            if e.kind == "scale_time":
                out.append(ScaleTime(name, self.value(e.values["factor"]), e.target, start, stop, cited))
            elif e.kind == "add_delay":
                seconds = self.value(e.values["seconds"]) * self.value(e.values.get("times"), 1.0)
                out.append(AddDelay(name, seconds, e.target, start, stop, cited))
            elif e.kind == "scale_power":
                out.append(ScalePower(name, self.value(e.values["factor"]), e.target, start, stop, cited))
            elif e.kind == "outage" and mode == "flow":
                out.append(Outage(name, stop, e.target, start, e.restart, cited))
            elif e.kind == "capacity" and mode == "load":
                servers = self.value(e.values["servers"])
                left = servers - self.value(e.values["lost"])
                factor = servers / left if left > 0 else math.inf
                out.append(ScaleTime(name, factor, e.target, start, stop, cited))
        return out


def _to_si(unit: str) -> float:
    """Seconds for a time unit, per second for a rate per time unit, else 1."""
    if unit in TIME_UNITS:
        return TIME_UNITS[unit]
    per, slash, base = unit.rpartition("/")
    if slash and per and base in TIME_UNITS:
        return 1 / TIME_UNITS[base]
    return 1.0


def _param_value(fault: Fault, key: str, text: str) -> float | bool:
    try:
        param = fault.param(key)
    except KeyError:
        names = [p.name for p in fault.params]
        known = ", ".join(names) if names else "none"
        raise ValueError(f"fault {fault.id} has no parameter '{key}'{suggest(key, names) or ''} "
                         f"(its parameters: {known})") from None
    if param.is_flag:
        low = text.lower()
        if low in ("true", "yes", "on", "1"):
            return True
        if low in ("false", "no", "off", "0"):
            return False
        raise ValueError(f"fault {fault.id}: {key} is true or false, found '{text}'")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"fault {fault.id}: {key} is a number ({param.unit}), found '{text}'") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"fault {fault.id}: {key} must be zero or more, found '{text}'")
    return value


def _above(times: Sequence[float], values: Sequence[float], level: float) -> tuple[float, float] | None:
    """The first interval in which a piecewise-linear series (held flat at both ends) is above
    ``level``; the end is FOREVER if it never comes back down."""
    t, v = list(times), list(values)
    if not t:
        return None
    start: float | None = -FOREVER if v[0] > level else None
    for (t0, v0), (t1, v1) in zip(zip(t, v), zip(t[1:], v[1:])):
        if start is None and v0 <= level < v1:
            start = t0 + (level - v0) / (v1 - v0) * (t1 - t0)
        elif start is not None and v0 > level >= v1:
            return start, t0 + (v0 - level) / (v0 - v1) * (t1 - t0)
    return (start, FOREVER) if start is not None else None


# --- the contract the commands and the UI use -----------------------------------------------------

def modifiers(name: str, at: float | None, flow: "Flow | None" = None,
              figures: Figures | None = None) -> list[Modifier]:
    """The simulation modifiers for fault ``name`` (``id`` or ``id:param=value,…``) striking at
    ``at`` seconds (None: its default) on ``flow``. Raises ``UnknownFault`` (a KeyError and a
    ValueError) for an unknown id and ValueError for a bad parameter."""
    return _Bound(name, at, figures).modifiers("flow", flow)


def load_modifiers(name: str, at: float | None, flow: "Flow | None" = None,
                   figures: Figures | None = None) -> list[Modifier]:
    """Load mode's share of the modifiers: those ``load.hooks_from_modifiers`` maps faithfully
    (``ScaleTime``, ``AddDelay``, ``ScalePower``), from effects that act in load mode. Effects
    that mean one request's bad luck (a lost packet, an interrupted hop) are left to
    ``load_hooks``, which gives each its load-mode form."""
    return _Bound(name, at, figures).modifiers("load", flow)


def option_overrides(name: str, at: float | None = None, flow: "Flow | None" = None) -> dict[str, str]:
    """Flow options the fault forces for this run (``{'cache': 'miss'}``). With a flow: only the
    options it has, and only if the fault is in force from the start (``at <= 0``). Without a
    flow: every option the fault sets."""
    bound = _Bound(name, at, None)
    return dict(bound.fault.options) if flow is None else bound.options(flow)


def fault_series(name: str, at: float | None, end: float, figures: Figures | None = None) -> tuple[Series, ...]:
    """The extra series the fault plots over ``[0, end]`` (inlet air, battery share), for load
    mode's plots; a flow's ``Timeline.series`` already holds them."""
    bound = _Bound(name, at, figures)
    return tuple(s for p in bound.profiles().values() for s in p.series(end))


def load_hooks(name: str, at: float | None, flow: "Flow | None" = None,
               figures: Figures | None = None) -> dict[str, Any]:
    """``LoadConfig`` hook fields for the effects ``load_modifiers`` does not cover: a changed
    arrival rate (``arrival_multiplier``), waits behind an outage and lost packets for a share of
    requests (``extra_delay``), and effects on one kind of work (``hops: [*prefill]``) turned into
    a station's service multiplier from the flow's own hop times. Combine with
    ``hooks_from_modifiers(load_modifiers(...))``; the ``load`` command does both."""
    from desktop.core.sim.load import Schedule

    bound = _Bound(name, at, figures)
    layer_of = _layers(flow)
    arrivals: list[Callable[[np.ndarray], Any]] = []
    service: list[Callable[[str, np.ndarray], Any]] = []
    delays: list[Callable[[str, np.ndarray], Any]] = []
    durations: dict[str, list[tuple[str, float]]] | None = None
    for e in bound.fault.effects:
        if not bound.applies(e, "load", flow) or e.kind in SERIES_KINDS:
            continue
        window = bound.window(e)
        if window is None:
            continue
        start, stop = window
        if e.kind == "arrivals":
            arrivals.append(_schedule(Schedule, start, stop, bound.value(e.values["factor"])))
        elif e.kind == "outage":
            delays.append(_waiter(e.target, layer_of, start, stop))
        elif e.kind == "loss":
            delays.append(_lossy(e.target, layer_of, start, stop, bound.value(e.values["share"]),
                                 bound.value(e.values["seconds"])))
        elif e.target.hops and e.kind in ("scale_time", "add_delay"):
            if durations is None:
                durations = _hop_durations(flow, bound.figures)
            per = _per_component(e, bound, durations, layer_of)
            for comp, level in per.items():
                sched = _schedule(Schedule, start, stop, level, base=0.0 if e.kind == "add_delay" else 1.0)
                hook = _one(comp, sched)
                (delays if e.kind == "add_delay" else service).append(hook)
    out: dict[str, Any] = {}
    if arrivals:
        out["arrival_multiplier"] = lambda t: _product([lambda _c, t, f=f: f(t) for f in arrivals], "", t)
    if service:
        out["service_multiplier"] = lambda c, t: _product(service, c, t)
    if delays:
        out["extra_delay"] = lambda c, t: _total(delays, c, t)
    return out


def _product(hooks: Sequence[Callable[[str, np.ndarray], Any]], c: str, t: np.ndarray) -> np.ndarray:
    out = np.ones_like(np.asarray(t, dtype=np.float64))
    for f in hooks:
        out = out * np.asarray(f(c, t), dtype=np.float64)
    return out


def _total(hooks: Sequence[Callable[[str, np.ndarray], Any]], c: str, t: np.ndarray) -> np.ndarray:
    out = np.zeros_like(np.asarray(t, dtype=np.float64))
    for f in hooks:
        out = out + np.asarray(f(c, t), dtype=np.float64)
    return out


def _schedule(cls: Any, start: float, stop: float, level: float, base: float = 1.0) -> Any:
    if math.isfinite(stop):
        return cls((start, stop), (level, base), base)
    return cls((start,), (level,), base)


def _one(component: str, sched: Callable[[np.ndarray], Any]) -> Callable[[str, np.ndarray], Any]:
    def hook(c: str, t: np.ndarray) -> Any:
        return sched(t) if c == component else sched(np.full(np.shape(t), -FOREVER))
    return hook


def _layers(flow: "Flow | None") -> dict[str, int]:
    return {h.component: h.layer for h in flow.hops} if flow is not None else {}


def _matches(target: Target, component: str, layer_of: Mapping[str, int]) -> bool:
    return target.matches(component, layer_of.get(component, -1))


def _waiter(target: Target, layer_of: Mapping[str, int], start: float, stop: float) -> Callable[[str, np.ndarray], Any]:
    """Requests that reach the target while it is out wait until it is back."""
    def hook(c: str, t: np.ndarray) -> Any:
        t = np.asarray(t, dtype=np.float64)
        if not _matches(target, c, layer_of):
            return np.zeros_like(t)
        return np.where((t >= start) & (t < stop), stop - t, 0.0)
    return hook


def _lossy(target: Target, layer_of: Mapping[str, int], start: float, stop: float, share: float,
           seconds: float) -> Callable[[str, np.ndarray], Any]:
    """A share of the requests crossing the target lose a segment and wait for its resend."""
    def hook(c: str, t: np.ndarray) -> Any:
        t = np.asarray(t, dtype=np.float64)
        if not _matches(target, c, layer_of):
            return np.zeros_like(t)
        salt = sum(ord(ch) for ch in c) * HASH_SALT
        u = np.abs(np.sin(t * HASH_SCALE + salt) * HASH_SPREAD) % 1
        return np.where((t >= start) & (t < stop) & (u < share), seconds, 0.0)
    return hook


def _hop_durations(flow: "Flow | None", figures: Figures) -> dict[str, list[tuple[str, float]]]:
    """Component → [(hop id, seconds)] in a fault-free run of the flow at its defaults."""
    from desktop.core.sim.simulation import simulate

    if flow is None:
        return {}
    out: dict[str, list[tuple[str, float]]] = {}
    for e in simulate(flow, figures=figures).events:
        out.setdefault(e.component, []).append((e.hop_id, e.duration))
    return out


def _per_component(e: Effect, bound: _Bound, durations: Mapping[str, list[tuple[str, float]]],
                   layer_of: Mapping[str, int]) -> dict[str, float]:
    """A hop-level effect as one number per station: the service multiplier (scale_time) or the
    seconds added per request (add_delay) once every visit to the component is merged."""
    out: dict[str, float] = {}
    for comp, hops in durations.items():
        hit = [d for hop, d in hops if e.target.matches(comp, layer_of.get(comp, -1), hop)]
        total = sum(d for _h, d in hops)
        if not hit or total <= 0:
            continue
        if e.kind == "scale_time":
            factor = bound.value(e.values["factor"])
            out[comp] = (total + (factor - 1) * sum(hit)) / total
        else:
            out[comp] = len(hit) * bound.value(e.values["seconds"]) * bound.value(e.values.get("times"), 1.0)
    return out


# --- several faults on one run --------------------------------------------------------------------

@dataclass(frozen=True)
class Prepared:
    """What a run with faults needs: the options (the caller's, with the faults' forced ones)
    and the modifiers, in the order the faults were named."""

    options: Mapping[str, Any]
    modifiers: tuple[Modifier, ...]
    specs: tuple[FaultSpec, ...]


def _specs(specs: Iterable[str | FaultSpec | tuple[str, float | None]]) -> list[FaultSpec]:
    out: list[FaultSpec] = []
    for spec in specs:
        if isinstance(spec, FaultSpec):
            out.append(spec)
        elif isinstance(spec, tuple):
            name, at = spec
            parsed = parse_fault_spec(name)
            out.append(replace(parsed, at=at))
        else:
            out.append(parse_fault_spec(spec))
    return out


def prepare(flow: "Flow", specs: Iterable[str | FaultSpec | tuple[str, float | None]],
            options: Mapping[str, Any] | None = None, figures: Figures | None = None) -> Prepared:
    """Options and modifiers for ``simulate(flow, prepared.options, modifiers=prepared.modifiers)``.
    ``specs`` are ``'chiller-trip@-100'`` strings, ``(name, at)`` pairs or ``FaultSpec`` objects."""
    parsed = _specs(specs)
    merged: dict[str, Any] = dict(options or {})
    mods: list[Modifier] = []
    for spec in parsed:
        merged.update(option_overrides(spec.name, spec.at, flow))
        mods.extend(modifiers(spec.name, spec.at, flow, figures))
    return Prepared(MappingProxyType(merged), tuple(mods), tuple(parsed))


def simulate_faults(flow: "Flow", specs: Iterable[str | FaultSpec | tuple[str, float | None]],
                    options: Mapping[str, Any] | None = None, *, figures: Figures | None = None,
                    seed: int = 0, jitter: float = 0.0) -> "Timeline":
    """``simulate`` with faults: their forced options and their modifiers."""
    from desktop.core.sim.simulation import simulate

    prepared = prepare(flow, specs, options, figures)
    return simulate(flow, prepared.options, seed=seed, jitter=jitter, modifiers=prepared.modifiers,
                    figures=figures)


def load_config_hooks(specs: Iterable[str | FaultSpec | tuple[str, float | None]], flow: "Flow",
                      elements: Sequence[Any], figures: Figures | None = None) -> dict[str, Any]:
    """Every ``LoadConfig`` hook field for these faults on ``flow``'s ``elements``: apply with
    ``dataclasses.replace(config, **hooks)``. Build the elements with ``prepare(...).options``
    so forced options (``cache: miss``) hold too."""
    from desktop.core.sim.load import hooks_from_modifiers

    parsed = _specs(specs)
    mods = [m for s in parsed for m in load_modifiers(s.name, s.at, flow, figures)]
    hooks = hooks_from_modifiers(mods, elements)
    for s in parsed:
        for key, hook in load_hooks(s.name, s.at, flow, figures).items():
            hooks[key] = hook if key not in hooks else compose_hook(key, hooks[key], hook)
    return hooks


def compose_hook(key: str, a: Any, b: Any) -> Any:
    """Two hooks on one field: multipliers multiply, extra delays add."""
    if key == "arrival_multiplier":
        return lambda t: np.asarray(a(t), dtype=np.float64) * np.asarray(b(t), dtype=np.float64)
    if key == "extra_delay":
        return lambda c, t: np.asarray(a(c, t), dtype=np.float64) + np.asarray(b(c, t), dtype=np.float64)
    return lambda c, t: np.asarray(a(c, t), dtype=np.float64) * np.asarray(b(c, t), dtype=np.float64)


# --- the leak path --------------------------------------------------------------------------------

@dataclass
class _Change:
    layer: int
    time: float
    components: list[str]
    detail: str
    delta: float | None
    direct: bool = True        # a hop here changed (not only a milestone that came later)


def _changes(timeline: "Timeline", baseline: "Timeline | None", fault: Fault) -> list[_Change]:
    """Where this fault moved the numbers: hops it made longer or re-powered (their event notes
    carry its id), hops its forced options added or removed, and then the milestones that came
    at another time (what the layers above noticed). Other faults in the same run are ignored,
    except that milestones move for all of them together."""
    from desktop.core.data.units import format_seconds

    per_layer: dict[int, _Change] = {}

    def note(layer: int, time: float, comp: str, detail: str, delta: float | None,
             direct: bool = True) -> None:
        ch = per_layer.get(layer)
        if ch is None:
            per_layer[layer] = _Change(layer, time, [comp], detail, delta, direct)
            return
        ch.direct = ch.direct or direct
        if comp not in ch.components:
            ch.components.append(comp)
        if delta is not None and (ch.delta is None or abs(delta) > abs(ch.delta)):
            ch.delta, ch.detail = delta, detail     # the biggest change speaks for the layer

    def mine(e: Any) -> bool:
        return any(n.startswith(f"{fault.id}:") for n in e.modifiers)

    forced = [k for k, v in fault.options.items()
              if str(timeline.options.get(k)) == v and (baseline is None or str(baseline.options.get(k)) != v)]
    if baseline is None:
        first = min((e.start for e in timeline.events if mine(e)), default=None)
        for e in timeline.events:
            if mine(e):
                notes = "; ".join(n for n in e.modifiers if n.startswith(f"{fault.id}:"))
                note(e.layer, e.start, e.component, f"{e.label}: {notes}", None)
            elif e.milestone and first is not None and e.end > first:
                label = timeline.milestone_labels.get(e.milestone, e.milestone)
                note(e.layer, e.end, e.component,
                     f"{label} at {format_seconds(timeline.milestones[e.milestone])}", None, direct=False)
        return sorted(per_layer.values(), key=lambda c: c.time)

    before = {e.hop_id: e for e in baseline.events}
    after = {e.hop_id: e for e in timeline.events}
    for e in timeline.events:
        b = before.get(e.hop_id)
        if b is None:
            if forced:
                note(e.layer, e.start, e.component, f"{e.label}: {format_seconds(e.duration)}, new in this run",
                     e.duration)
        elif mine(e) and (not math.isclose(b.duration, e.duration, **SAME)
                          or not math.isclose(b.power_w, e.power_w, **SAME)):
            note(e.layer, e.start, e.component,
                 f"{e.label}: {format_seconds(b.duration)} → {format_seconds(e.duration)}", e.duration - b.duration)
    for b in baseline.events:
        if b.hop_id not in after and forced:
            note(b.layer, b.start, b.component, f"{b.label}: skipped in this run", -b.duration)
    if not per_layer:
        return []
    for e in timeline.events:
        if not e.milestone or e.hop_id not in before:
            continue
        old, new = baseline.milestones.get(e.milestone), timeline.milestones.get(e.milestone)
        if old is None or new is None or math.isclose(old, new, **SAME):
            continue
        label = timeline.milestone_labels.get(e.milestone, e.milestone)
        note(e.layer, e.end, e.component, f"{label}: {format_seconds(old)} → {format_seconds(new)}",
             new - old, direct=False)
    return sorted(per_layer.values(), key=lambda c: c.time)


def _signed(delta: float | None) -> str:
    from desktop.core.data.units import format_seconds

    if delta is None:
        return "moves"
    return f"{format_seconds(abs(delta))} {'later' if delta > 0 else 'sooner'}"


def _seams_between(a: int, b: int) -> tuple[str, ...]:
    lo, hi = min(a, b), max(a, b)
    return tuple(f"{n}-{n + 1}" for n in range(lo, hi))


def leak_path(stack: "Stack", fault: Fault | str, timeline: "Timeline | None" = None,
              baseline: "Timeline | None" = None) -> list[LeakStep]:
    """How the fault climbs the column, one ``LeakStep`` per layer it reaches.

    Without a timeline: the fault's declared story (its ``leak`` notes), the seams between
    consecutive steps, and in each layer the components that depend on the struck one (the
    dependency graph's blast radius: what *could* feel it). With the timeline of a
    run (and ideally ``baseline``, the same run without the fault): the struck layer first,
    then every layer whose numbers this fault changed, going down first (a full context window
    makes the GPUs at layer 1 work longer) and then climbing (the answer arrives late at layers
    7 and 8), with the seams crossed between consecutive steps. A fault that changed nothing (a
    utility outage with a healthy UPS) stops at the struck layer. Captions come from the fault's ``leak`` notes where it has one for the layer,
    otherwise from the numbers.
    """
    from desktop.core.stack.graph import blast_radius

    fault = get_fault(fault) if isinstance(fault, str) else fault
    notes = {n.layer: n for n in fault.leak}

    def layer_ref(n: int) -> str:
        return stack.layer(n).ref

    def caption(n: int, fallback: str) -> str:
        note = notes.get(n)
        return note.caption if note is not None else fallback

    if timeline is None:
        radius = blast_radius(stack, fault.component) if fault.component else {}
        steps: list[LeakStep] = []
        prev: int | None = None
        for n in [n.layer for n in fault.leak] or [fault.layer]:
            seams = () if prev is None else _seams_between(prev, n)
            declared = notes[n].refs if n in notes else ()
            comps = tuple(dict.fromkeys(
                [r.split(":", 1)[-1] for r in declared if r.startswith("component:")]
                + [c for c in radius.get(n, []) if c != fault.component]))
            refs = ([fault.strikes] if prev is None else []) + [f"seam:{s}" for s in seams] + \
                [f"component:{c}" for c in comps] + \
                [r for r in declared if not r.startswith("component:")] + [layer_ref(n)]
            steps.append(LeakStep(n, tuple(dict.fromkeys(refs)), caption(n, stack.layer(n).name), seams,
                                  comps, False))
            prev = n
        return steps

    changes = _changes(timeline, baseline, fault)
    struck = next((c for c in changes if c.layer == fault.layer and c.direct), None)
    rest = [c for c in changes if c is not struck]
    below = sorted((c for c in rest if c.layer < fault.layer), key=lambda c: -c.layer)
    above = sorted((c for c in rest if c.layer >= fault.layer), key=lambda c: c.layer)
    order = [struck or _Change(fault.layer, -FOREVER, [], "", None), *below, *above]
    steps = []
    prev = None
    for i, ch in enumerate(order):
        n = ch.layer
        seams = () if prev is None else _seams_between(prev, n)
        comps = tuple(ch.components)
        if i == 0:
            refs = [fault.strikes] + [f"component:{c}" for c in comps if f"component:{c}" != fault.strikes]
            text = caption(n, fault.summary)
        else:
            refs = [f"seam:{s}" for s in seams] + [f"component:{c}" for c in comps]
            generated = (f"The delay arrives → {ch.detail.partition(':')[0]} "
                         f"{_signed(ch.delta)}" if not ch.direct and ch.delta is not None else ch.detail)
            text = generated if n == fault.layer else caption(n, generated)
        refs.append(layer_ref(n))
        steps.append(LeakStep(n, tuple(dict.fromkeys(refs)), text, seams, comps,
                              changed=bool(ch.components), detail=ch.detail, delta_s=ch.delta))
        prev = n
    return steps


def describe(fault: Fault | str, figures: Figures | None = None) -> str:
    """A short plain-text card for a fault: name, where it strikes, explanation, sources."""
    fault = get_fault(fault) if isinstance(fault, str) else fault
    figures = figures or shipped_figures()
    lines = [f"{fault.name} ({fault.id}) — strikes {fault.strikes}", fault.summary, "", fault.explain, ""]
    for name in fault.figures:
        if name in figures:
            lines.append(f"  {figures.get(name).cite()}")
    for p in fault.params:
        shown = str(p.value).lower() if p.is_flag else f"{p.value:g} {p.unit}"
        lines.append(f"  parameter {p.name} = {shown}: {p.note}")
    return "\n".join(lines)
