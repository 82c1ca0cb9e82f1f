"""Request flows as data: ``assets/flows/<id>.yaml`` → a validated, immutable ``Flow``.

A flow is the list of hops one request makes down the stack and back up. Each hop names the
component it runs on (an id from layers.yaml), says what it does in one sentence, and gives its
cost and power as a *rule over named figures* (``desktop.core.sim.rules``), never as a bare number,
so every value the app shows can be traced to a source. Hops may run in parallel (``group``),
may depend on options (``when: {cache: miss}``), and may mark milestones (first bytes, first
token). Instructors write their own flows, so the loader reports every problem in one pass as
``path:line:column: message`` through ``Reader``, with "did you mean" suggestions.

File layout (all keys but ``options``/``params``/``milestones``/``latency`` are required)::

    version: 1
    id: netflix-play                 # the file name without .yaml
    title: Press play on Netflix
    summary: One or two sentences.
    options:                         # defaults; built-ins: pue, distance_km, cache, connection
      distance_km: 30                #   required: user <-> datacenter, km
      connection: new                #   new | reused
      player: {choices: [netflix, industry], default: netflix, label: ...}   # flow-specific
    params:                          # scenario assumptions, named and explained
      - {name: batch, value: 16, unit: conversations, note: ...}
    milestones:
      - {id: first-bytes, label: First video bytes back}
    latency: first-frame             # the milestone that counts as the flow's latency
    hops:
      - id: dns
        component: dns
        osi: 7                       # network (layer 2) hops only: OSI sub-layer 1-7
        label: DNS lookup
        explain: One short sentence in your own words.
        cost: {rule: figure, figure: dns.lookup}   # or just: cost: dns.lookup
        power: {rule: none}          # optional, default none
        when: {connection: new}      # optional
        group: fetch                 # optional: consecutive hops of a group start together
        lane: video                  # optional: hops of one lane run in sequence in the group
        milestone: first-bytes       # optional: the milestone is reached when this hop ends
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from desktop import resources
from desktop.core.catalog import Known
from desktop.core.sim.figures import Figures, check_figure_ref, shipped_figures
from desktop.core.sim.path import hosted_runs_on, rests_on
from desktop.core.sim.pdu import DEFAULT_HTTP, HTTP_VERSIONS, Protocol
from desktop.core.stack.model import Component, Stack
from desktop.core.data.problems import DataError, Problem
from desktop.core.sim.rules import (DEFAULT_POWER, DISTANCE_OPTION, RULES,
                                    SCALED_KINDS, TIME_UNITS, Call, Rule, Value, rule_names)
from desktop.core.data.source import (Document, Pos, Reader, check_unique, map_list, parse_file,
                                 suggest)
from desktop.core.stack.reader import OSI_COUNT, load_stack_or_raise
from desktop.core.stack.ref import Ref

SCHEMA_VERSION = 1
NETWORK_LAYER = 2                      # the stack layer that holds the OSI sub-column
DIRECTIONS = ("down", "up", "across")
PUE_OPTION = "pue"
DEFAULT_PUE_FIGURE = "pue.industry"    # Uptime Institute 2025 average
PUE_FIGURES = ("pue.industry", "pue.google")   # the two presets "compare" offers
PUE_UNIT = "ratio"
PUE_MIN = 1.0                          # by definition facility power is never below IT power
BUILTIN_CHOICES: dict[str, tuple[str, ...]] = {
    "cache": ("hit", "miss"),
    "connection": ("new", "reused"),   # new HTTPS = DNS + TCP RTT + TLS 1.3 RTT; reused skips all
}
WUE_OPTION = "wue"                     # on-site cooling water, L per kWh of IT energy
CARBON_OPTION = "carbon"               # grid carbon intensity, g CO2e per kWh at the meter
# option -> (default figure, unit, label): numbers a flow may set, defaulting to a named figure
SITE_OPTIONS: dict[str, tuple[str, str, str]] = {
    WUE_OPTION: ("wue.industry", "L/kWh", "on-site cooling water per kWh of IT energy (WUE), L/kWh"),
    CARBON_OPTION: ("carbon.world", "g/kWh", "grid carbon intensity, g CO2e per kWh"),
}
SITE_PRESETS: dict[str, dict[str, str]] = {   # what "an average site" and "Google" mean together
    "industry": {PUE_OPTION: "pue.industry", WUE_OPTION: "wue.industry", CARBON_OPTION: "carbon.world"},
    "google": {PUE_OPTION: "pue.google", WUE_OPTION: "wue.google", CARBON_OPTION: "carbon.google"},
}
MIN_CHOICES = 2                        # an option with one choice is not a choice
EXPLAIN_MAX_CHARS = 300                # "one short sentence": long text belongs in a lesson
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _near(name: str, known: Any) -> str:
    """' (did you mean 'x'?)' for a near miss, else nothing: for messages that already list
    the allowed values."""
    hint = suggest(name, known)
    return hint if hint.startswith(" (did you mean") else ""


# --- the model ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class OptionSpec:
    """An option that changes a flow. A number when ``choices`` is empty, else one of them."""

    name: str
    default: Value
    choices: tuple[str, ...] = ()
    label: str = ""
    minimum: float = 0.0
    figure: str = ""                   # the figure the default came from (pue), if any

    @property
    def is_number(self) -> bool:
        return not self.choices

    def check(self, value: Any, figures: Figures | None = None) -> Value:
        """The value as the simulation wants it, or ValueError with a readable reason."""
        if self.choices:
            text = str(value).strip()
            if text not in self.choices:
                raise ValueError(f"option {self.name}: expected one of {', '.join(self.choices)}, "
                                 f"found '{text}'{_near(text, self.choices)}")
            return text
        if isinstance(value, str) and figures is not None and value in figures:
            value = figures[value]
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"option {self.name}: expected a number, found '{value}'") from None
        if number != number or number < self.minimum:
            raise ValueError(f"option {self.name}: must be at least {self.minimum:g}, found {number:g}")
        return number


@dataclass(frozen=True)
class Param:
    """A scenario assumption (tokens in an answer, conversations per GPU), named and explained.

    Params are not measurements, so they are not figures; they are inputs the flow's author
    chose, shown beside the figures so a student can see (and change) what was assumed.
    """

    name: str
    value: float
    unit: str
    note: str


@dataclass(frozen=True)
class Milestone:
    id: str
    label: str


@dataclass(frozen=True)
class Hop:
    id: str
    component: str
    layer: int
    label: str
    explain: str
    cost: Call
    power: Call = DEFAULT_POWER
    osi: int | None = None
    direction: str | None = None       # None: inferred from the layer change when simulated
    when: tuple[tuple[str, tuple[str, ...]], ...] = ()
    group: str | None = None
    lane: str | None = None
    milestone: str | None = None
    line: int = 0
    runs_on: tuple[int, ...] = ()      # layers this hop rests on, its own included (path.rests_on)

    def applies(self, values: Mapping[str, Value]) -> bool:
        """Does this hop happen under these option values?"""
        return all(str(values.get(name)) in allowed for name, allowed in self.when)

    @property
    def ref(self) -> str:
        return Ref.component(self.component)


@dataclass(frozen=True)
class Flow:
    id: str
    title: str
    summary: str
    hops: tuple[Hop, ...]
    options: tuple[OptionSpec, ...]
    params: tuple[Param, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    latency: str | None = None         # milestone id; None: the end of the last hop
    source: str = ""
    protocol: Protocol = Protocol()    # what the network hops' bytes are wrapped in (pdu.py)

    def option(self, name: str) -> OptionSpec:
        for spec in self.options:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(name)

    def defaults(self) -> dict[str, Value]:
        """Every option and parameter at the value the flow file gives it."""
        values: dict[str, Value] = {o.name: o.default for o in self.options}
        values.update({p.name: p.value for p in self.params})
        return values

    def resolve(self, overrides: Mapping[str, Any] | None = None,
                figures: Figures | None = None) -> dict[str, Value]:
        """Defaults with ``overrides`` applied and checked; ValueError names the bad one.

        ``None`` values are ignored, so a command line's unset options pass straight through.
        A parameter may be overridden too (``{"output_tokens": 500}``) to explore "what if".
        """
        values = self.defaults()
        names = [o.name for o in self.options] + [p.name for p in self.params]
        for name, value in (overrides or {}).items():
            if value is None:
                continue
            if name in values and any(o.name == name for o in self.options):
                values[name] = self.option(name).check(value, figures)
            elif name in values:
                values[name] = OptionSpec(name, 0.0).check(value)
            else:
                raise ValueError(f"flow {self.id} has no option '{name}'{suggest(name, names)}")
        return values

    def uses(self, name: str) -> bool:
        """Does changing this option or parameter change anything in this flow?"""
        if name == PUE_OPTION or name in SITE_OPTIONS:
            return True
        for hop in self.hops:
            if any(n == name for n, _v in hop.when):
                return True
            if name in hop.cost.names() or name in hop.power.names():
                return True
        return False

    def milestone_label(self, ident: str) -> str:
        return next((m.label for m in self.milestones if m.id == ident), ident)

    def hop(self, ident: str) -> Hop:
        for hop in self.hops:
            if hop.id == ident:
                return hop
        raise KeyError(ident)


# --- reading ------------------------------------------------------------------------------------

class _FlowReader:
    """One pass over one flow file; every check records a located problem and carries on."""

    def __init__(self, doc: Document, known: Known) -> None:
        self.doc = doc
        self.stack: Stack = known.stack
        self.figures: Figures = known.figures
        self.options: dict[str, OptionSpec] = {}
        self.params: dict[str, Param] = {}
        self.milestones: dict[str, Milestone] = {}
        # (id, id position, group, milestone, hop position) of every hop as written, even hops
        # with errors, so whole-flow checks (duplicates, groups, milestones) see the whole file
        self.written: list[tuple[str, Pos, str | None, str | None, Pos]] = []

    # options ---------------------------------------------------------------------------------
    def read_options(self, top: Reader) -> tuple[OptionSpec, ...]:
        r = top.child("options", required=False)
        self.options[PUE_OPTION] = self._pue(r)
        for name, (figure, unit, label) in SITE_OPTIONS.items():
            self.options[name] = self._site(r, name, figure, unit, label)
        distance = r.number(DISTANCE_OPTION, 0.0, required=True) if r.ok else 0.0
        if not r.ok and not top.has("options"):
            top.problem(None, f"{top.where}: missing field 'options' (at least {DISTANCE_OPTION}: "
                              f"the distance from the user to the datacenter in km)")
        if distance < 0:
            r.problem(DISTANCE_OPTION, f"{r.where}.{DISTANCE_OPTION}: must be 0 km or more, found {distance:g}")
        self.options[DISTANCE_OPTION] = OptionSpec(DISTANCE_OPTION, max(distance, 0.0),
                                                   label="distance from the user to the datacenter, km")
        for name, choices in BUILTIN_CHOICES.items():
            value = r.text(name, choices[0], required=False)
            if value not in choices:
                r.problem(name, f"{r.where}.{name}: expected one of {', '.join(choices)}, found "
                                f"'{value}'{_near(value, choices)}")
                value = choices[0]
            self.options[name] = OptionSpec(name, value, choices)
        for key in list(r.node):
            if key in self.options or not isinstance(key, str):
                continue
            self.options[key] = self._custom_option(r, key)
        r.done()
        return tuple(self.options.values())

    def _pue(self, r: Reader) -> OptionSpec:
        default = self.figures[DEFAULT_PUE_FIGURE] if DEFAULT_PUE_FIGURE in self.figures else PUE_MIN
        spec = OptionSpec(PUE_OPTION, default, label="power usage effectiveness (facility / IT)",
                          minimum=PUE_MIN, figure=DEFAULT_PUE_FIGURE)
        if not r.has(PUE_OPTION):
            r.get(PUE_OPTION, object, None, required=False)
            return spec
        raw = r.get(PUE_OPTION, object, None, required=False)
        where = f"{r.where}.{PUE_OPTION}"
        if isinstance(raw, str):
            pos = r.value_pos(PUE_OPTION)
            if not check_figure_ref(self.figures, self.doc, pos, raw, where) or \
                    not self._unit(pos, where, raw, PUE_UNIT):
                return spec
            return OptionSpec(PUE_OPTION, self.figures[raw], label=spec.label, minimum=PUE_MIN, figure=raw)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and raw >= PUE_MIN:
            return OptionSpec(PUE_OPTION, float(raw), label=spec.label, minimum=PUE_MIN)
        r.problem(PUE_OPTION, f"{where}: expected a PUE of at least {PUE_MIN:g} or a figure name "
                              f"such as {' or '.join(PUE_FIGURES)}, found {raw!r}")
        return spec

    def _site(self, r: Reader, name: str, figure: str, unit: str, label: str) -> OptionSpec:
        """A number that defaults to a figure (water per kWh, carbon per kWh), like ``pue``."""
        default = self.figures[figure] if figure in self.figures else 0.0
        spec = OptionSpec(name, default, label=label, figure=figure if figure in self.figures else "")
        if not r.has(name):
            r.get(name, object, None, required=False)
            return spec
        raw = r.get(name, object, None, required=False)
        where = f"{r.where}.{name}"
        if isinstance(raw, str):
            pos = r.value_pos(name)
            if check_figure_ref(self.figures, self.doc, pos, raw, where) and self._unit(pos, where, raw, unit):
                return OptionSpec(name, self.figures[raw], label=label, figure=raw)
            return spec
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and raw >= 0:
            return OptionSpec(name, float(raw), label=label)
        r.problem(name, f"{where}: expected a number of {unit}, 0 or more, or a figure name, found {raw!r}")
        return spec

    def _custom_option(self, r: Reader, key: str) -> OptionSpec:
        c = r.child(key)
        where = c.where
        if not _NAME.match(key):
            self.doc.problem(r.key_pos(key), f"{where}: an option name is lowercase letters, digits and _")
        choices = c.texts("choices", required=True)
        if c.has("choices") and len(choices) < MIN_CHOICES:
            c.problem("choices", f"{where}.choices: give at least {MIN_CHOICES} choices")
        default = c.text("default", choices[0] if choices else "")
        if choices and c.has("default") and default not in choices:
            c.problem("default", f"{where}.default: expected one of {', '.join(choices)}, "
                                 f"found '{default}'{_near(default, choices)}")
            default = choices[0]
        label = c.text("label", required=False)
        c.done()
        return OptionSpec(key, default, tuple(choices), label)

    # params and milestones -------------------------------------------------------------------
    def read_params(self, top: Reader) -> tuple[Param, ...]:
        def build(r: Reader, _pos: Pos) -> Param:
            name = r.text("name")
            if name and not _NAME.match(name):
                r.problem("name", f"{r.where}.name: a parameter name is lowercase letters, digits and _")
            if name in self.options:
                r.problem("name", f"{r.where}.name: '{name}' is already an option of this flow")
            value = r.number("value")
            if value < 0:
                r.problem("value", f"{r.where}.value: must be 0 or more, found {value:g}")
            return Param(name, value, r.text("unit"), r.text("note"))

        params = map_list(top, "params", build, required=False)
        items = top.items("params", required=False) if top.has("params") else []
        check_unique(self.doc, ((p.name, pos) for p, (_n, pos, _w) in zip(params, items)), "parameter")
        self.params = {p.name: p for p in params}
        return tuple(params)

    def read_milestones(self, top: Reader) -> tuple[Milestone, ...]:
        milestones = map_list(top, "milestones",
                              lambda r, _p: Milestone(r.text("id"), r.text("label")), required=False)
        items = top.items("milestones", required=False) if top.has("milestones") else []
        check_unique(self.doc, ((m.id, pos) for m, (_n, pos, _w) in zip(milestones, items)), "milestone")
        self.milestones = {m.id: m for m in milestones}
        return tuple(milestones)

    # hops ------------------------------------------------------------------------------------
    def hop(self, r: Reader, pos: Pos, index: int) -> Hop | None:
        ident = r.text("id", f"hop-{index + 1}", required=False)
        if r.has("id") and ident and not _ID.match(ident):
            r.problem("id", f"{r.where}.id: a hop id is lowercase letters, digits and dashes")
        comp_id = r.text("component")
        component = self._component(r, comp_id)
        layer = component.layer if component else -1
        osi = self._osi(r, component)
        direction = r.text("direction", "", required=False) or None
        if direction is not None and direction not in DIRECTIONS:
            r.problem("direction", f"{r.where}.direction: expected one of {', '.join(DIRECTIONS)}, "
                                   f"found '{direction}'{_near(direction, DIRECTIONS)}")
        label = r.text("label")
        explain = r.text("explain")
        if len(explain) > EXPLAIN_MAX_CHARS:
            r.problem("explain", f"{r.where}.explain: keep it to one short sentence "
                                 f"({len(explain)} characters; at most {EXPLAIN_MAX_CHARS})")
        cost = self._call(r, "cost", "cost", required=True)
        power = self._call(r, "power", "power", required=False) or DEFAULT_POWER
        when = self._when(r)
        group = r.text("group", "", required=False) or None
        lane = r.text("lane", "", required=False) or None
        if lane and not group:
            r.problem("lane", f"{r.where}.lane: a lane only makes sense inside a group")
        milestone = r.text("milestone", "", required=False) or None
        self.written.append((ident, r.value_pos("id") if r.has("id") else pos, group, milestone, pos))
        if milestone and milestone not in self.milestones:
            r.problem("milestone", f"{r.where}.milestone: unknown milestone '{milestone}'"
                                   f"{suggest(milestone, self.milestones)}; declare it under milestones")
        if component is None or cost is None:
            return None
        return Hop(id=ident, component=comp_id, layer=layer, label=label, explain=explain,
                   cost=cost, power=power, osi=osi, direction=direction, when=when, group=group,
                   lane=lane, milestone=milestone, line=pos[0],
                   runs_on=rests_on(self.stack, comp_id))

    def _component(self, r: Reader, comp_id: str) -> Component | None:
        if not comp_id:
            return None
        item = self.stack.find(Ref.component(comp_id))
        if isinstance(item, Component):
            return item
        ids = [c.id for c in self.stack.components]
        r.problem("component", f"{r.where}.component: unknown component '{comp_id}'{suggest(comp_id, ids)}")
        return None

    def _osi(self, r: Reader, component: Component | None) -> int | None:
        if not r.has("osi"):
            r.get("osi", object, None, required=False)
            return None
        raw = r.get("osi", object, None, required=False)
        if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= OSI_COUNT:
            r.problem("osi", f"{r.where}.osi: expected an OSI layer number 1-{OSI_COUNT}, found {raw!r}")
            return None
        if component is not None and component.layer != NETWORK_LAYER:
            r.problem("osi", f"{r.where}.osi: only network hops (stack layer {NETWORK_LAYER}) have an "
                             f"OSI sub-layer; '{component.id}' is in layer {component.layer}")
            return None
        return raw

    def _call(self, r: Reader, key: str, role: str, *, required: bool) -> Call | None:
        if not r.has(key):
            r.get(key, object, None, required=required)
            return None
        raw = r.get(key, object, None, required=False)
        where = f"{r.where}.{key}"
        if isinstance(raw, str):      # shorthand: "cost: dns.lookup" / "power: none"
            if role == "power" and raw.strip() == "none":
                return DEFAULT_POWER
            if role == "cost" and raw.strip() in self.params:    # a duration parameter
                return self._duration_param(r, key, where, raw.strip())
            if role == "cost":
                name = raw.strip()
                ok = check_figure_ref(self.figures, self.doc, r.value_pos(key), name, where)
                if ok:
                    self._unit(r.value_pos(key), where, name, RULES["figure"].args[0].unit)
                return Call("figure", (("figure", name),)) if ok else None
            r.problem(key, f"{where}: expected a mapping such as {{rule: device, figure: h100.tdp}} or 'none'")
            return None
        c = Reader(self.doc, raw, where, r.value_pos(key))
        if not c.ok:
            return None
        name = c.text("rule")
        rule = RULES.get(name)
        if rule is None or rule.role != role:
            if name:
                wrong = f"; '{name}' is a {rule.role} rule" if rule else ""
                c.problem("rule", f"{where}.rule: unknown {role} rule '{name}'{wrong}"
                                  f"{suggest(name, rule_names(role))}")
            for arg in list(c.node):
                c.get(str(arg), object, None, required=False)   # no noise about its arguments
            return None
        args = self._args(c, rule)
        c.done()
        return None if args is None else Call(rule.name, args)

    def _args(self, c: Reader, rule: Rule) -> tuple[tuple[str, Value], ...] | None:
        out: list[tuple[str, Value]] = []
        ok = True
        for arg in rule.args:
            present = c.has(arg.name)
            value = c.get(arg.name, object, None, required=arg.required)
            if not present:
                ok = ok and not arg.required
                continue
            checked = self._arg_value(c, arg.name, arg.kind, arg.unit, value)
            if checked is None:
                ok = False
            else:
                out.append((arg.name, checked))
                if arg.kind in SCALED_KINDS and isinstance(checked, str) and checked in self.params:
                    out.append((f"{arg.name}_scale", SCALED_KINDS[arg.kind][self.params[checked].unit]))
        given = [a for a in (rule.one_of or rule.any_of) if c.has(a)]
        if rule.one_of and len(given) != 1:
            c.problem(None, f"{c.where}: rule '{rule.name}' needs exactly one of "
                            f"{' or '.join(rule.one_of)}")
            ok = False
        if rule.any_of and not given:
            c.problem(None, f"{c.where}: rule '{rule.name}' needs {' and/or '.join(rule.any_of)}")
            ok = False
        return tuple(out) if ok else None

    def _arg_value(self, c: Reader, name: str, kind: str, unit: str, value: Any) -> Value | None:
        where, pos = f"{c.where}.{name}", c.value_pos(name)
        if kind == "figure":
            if not isinstance(value, str):
                c.problem(name, f"{where}: expected a figure name, found {value!r}")
                return None
            if not check_figure_ref(self.figures, self.doc, pos, value, where):
                return None
            return value if self._unit(pos, where, value, unit) else None
        if isinstance(value, str) and kind in SCALED_KINDS and value in self.figures \
                and value not in self.params:
            found = self.figures.get(value).unit
            if found not in SCALED_KINDS[kind]:
                c.problem(name, f"{where}: figure '{value}' is in {found}; a {kind} needs one of "
                                f"{', '.join(SCALED_KINDS[kind])}")
                return None
            return value
        if isinstance(value, str):
            return self._name_ref(c, name, kind, value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            c.problem(name, f"{where}: expected a number or a parameter name, found {value!r}")
            return None
        if value < 0 or (kind == "fraction" and value > 1):
            band = "between 0 and 1" if kind == "fraction" else "0 or more"
            c.problem(name, f"{where}: must be {band}, found {value:g}")
            return None
        return float(value)

    def _name_ref(self, c: Reader, name: str, kind: str, value: str) -> Value | None:
        allowed = list(self.params)
        if kind == "km":
            allowed.append(DISTANCE_OPTION)
        if value in allowed and kind in SCALED_KINDS and value in self.params:
            unit = self.params[value].unit
            if unit not in SCALED_KINDS[kind]:
                c.problem(name, f"{c.where}.{name}: parameter '{value}' is in '{unit}'; a {kind} "
                                f"needs one of {', '.join(SCALED_KINDS[kind])}{_near(unit, SCALED_KINDS[kind])}")
                return None
            return value
        if value in allowed:
            if kind == "fraction" and value in self.params and self.params[value].value > 1:
                c.problem(name, f"{c.where}.{name}: parameter '{value}' is "
                                f"{self.params[value].value:g}; a fraction must be between 0 and 1")
                return None
            return value
        hint = suggest(value, allowed) if allowed else " (declare it under params)"
        c.problem(name, f"{c.where}.{name}: unknown parameter '{value}'{hint}")
        return None

    def _duration_param(self, r: Reader, key: str, where: str, name: str) -> Call | None:
        """``cost: build_time``: a parameter with a time unit is the hop's duration."""
        unit = self.params[name].unit
        if unit not in TIME_UNITS:
            r.problem(key, f"{where}: parameter '{name}' is in '{unit}'; a duration needs a time "
                           f"unit ({', '.join(TIME_UNITS)}){_near(unit, TIME_UNITS)}")
            return None
        return Call("duration", (("time", name), ("time_scale", TIME_UNITS[unit])))

    def _unit(self, pos: Pos, where: str, name: str, unit: str) -> bool:
        found = self.figures.get(name).unit
        if unit and found != unit:
            self.doc.problem(pos, f"{where}: figure '{name}' is in {found}; this rule needs a figure in {unit}")
            return False
        return True

    def _when(self, r: Reader) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if not r.has("when"):
            r.get("when", object, None, required=False)
            return ()
        w = r.child("when")
        out: list[tuple[str, tuple[str, ...]]] = []
        for key in list(w.node):
            raw = w.get(str(key), object, None, required=False)
            spec = self.options.get(str(key))
            where = f"{w.where}.{key}"
            if spec is None or spec.is_number:
                choice_names = [o.name for o in self.options.values() if not o.is_number]
                why = "is a number; when needs a choice option" if spec else "is not an option of this flow"
                self.doc.problem(w.key_pos(str(key)), f"{where}: '{key}' {why}{suggest(str(key), choice_names)}")
                continue
            values = raw if isinstance(raw, list) else [raw]
            good: list[str] = []
            for i, item in enumerate(values):
                text = str(item).strip() if isinstance(item, (str, int, float)) else repr(item)
                if text not in spec.choices:
                    pos = Reader.item_pos(raw, i) if isinstance(raw, list) else w.value_pos(str(key))
                    self.doc.problem(pos, f"{where}: expected one of {', '.join(spec.choices)}, "
                                          f"found '{text}'{_near(text, spec.choices)}")
                else:
                    good.append(text)
            out.append((str(key), tuple(good)))
        return tuple(out)

    # whole-flow checks -----------------------------------------------------------------------
    def check_groups(self) -> None:
        """A group is one block of consecutive hops, and a block of one is almost surely a typo."""
        started: dict[str, Pos] = {}
        members: dict[str, int] = {}
        previous: str | None = None
        for _ident, _id_pos, group, _milestone, pos in self.written:
            if group is not None:
                if group in started and group != previous:
                    self.doc.problem(pos, f"group '{group}' must be one block of consecutive hops "
                                          f"(it started at line {started[group][0]})")
                started.setdefault(group, pos)
                members[group] = members.get(group, 0) + 1
            previous = group
        for group, count in members.items():
            if count == 1:
                self.doc.problem(started[group], f"group '{group}' has only one hop; give two or more "
                                                 f"consecutive hops the same group to run them in parallel")


def read_flow(doc: Document, known: Known) -> Flow | None:
    """Validate one parsed flow file; the ``Flow`` or None (with problems in ``doc.problems``)."""
    if doc.data is None:
        return None
    name = Path(doc.path).name
    top = Reader(doc, doc.data, name)
    version = top.integer("version", SCHEMA_VERSION)
    if top.has("version") and version != SCHEMA_VERSION:
        top.problem("version", f"version {version} is not supported (this app reads version {SCHEMA_VERSION})")
    ident = top.text("id")
    stem = Path(doc.path).stem
    if ident and Path(doc.path).suffix in (".yaml", ".yml") and ident != stem:
        top.problem("id", f"{name}.id: must match the file name '{stem}', found '{ident}'")
    title = top.text("title")
    summary = top.text("summary")

    fr = _FlowReader(doc, known)
    options = fr.read_options(top)
    params = fr.read_params(top)
    milestones = fr.read_milestones(top)
    latency = top.text("latency", "", required=False) or None
    protocol = _protocol(top)
    if latency and latency not in fr.milestones:
        top.problem("latency", f"{name}.latency: unknown milestone '{latency}'{suggest(latency, fr.milestones)}")

    items = top.items("hops")
    hops: list[Hop] = []
    for index, (node, pos, where) in enumerate(items):
        r = Reader(doc, node, where, pos)
        hop = fr.hop(r, pos, index)
        r.done()
        if hop is not None:
            hops.append(hop)
    if top.has("hops") and not items:
        top.problem("hops", f"{name}.hops: a flow needs at least one hop")
    check_unique(doc, ((ident, id_pos) for ident, id_pos, _g, _m, _p in fr.written), "hop")
    fr.check_groups()
    used = {m for _i, _ip, _g, m, _p in fr.written}
    for m, (_n, pos, where) in zip(milestones, top.items("milestones", required=False)
                                   if top.has("milestones") else []):
        if m.id and m.id not in used:
            doc.problem(pos, f"{where}: milestone '{m.id}' is not reached by any hop; "
                             f"add 'milestone: {m.id}' to the hop that reaches it")
    top.done()
    if doc.problems:
        return None
    hops = [replace(h, runs_on=r) for h, r in zip(hops, hosted_runs_on(hops))]
    return Flow(id=ident, title=title, summary=summary, hops=tuple(hops), options=options,
                params=params, milestones=milestones, latency=latency, source=doc.path,
                protocol=protocol)


def _protocol(top: Reader) -> Protocol:
    """``protocol: {http: HTTP/3, request_bytes: 900, response_bytes: 1400}`` (all optional)."""
    if not top.has("protocol"):
        top.get("protocol", object, None, required=False)
        return Protocol()
    r = top.child("protocol")
    http = r.text("http", DEFAULT_HTTP, required=False) or DEFAULT_HTTP
    if http not in HTTP_VERSIONS:
        r.problem("http", f"{r.where}.http: expected one of {', '.join(HTTP_VERSIONS)}, found "
                          f"'{http}'{_near(http, HTTP_VERSIONS)}")
        http = DEFAULT_HTTP
    sizes = {}
    for key, default in (("request_bytes", Protocol.request_bytes), ("response_bytes", Protocol.response_bytes)):
        value = r.number(key, float(default), required=False)
        if value < 0 or value != int(value):
            r.problem(key, f"{r.where}.{key}: a whole number of bytes, 0 or more, found {value:g}")
            value = float(default)
        sizes[key] = int(value)
    r.done()
    return Protocol(http, sizes["request_bytes"], sizes["response_bytes"])


# --- finding and loading ------------------------------------------------------------------------

def flows_dir() -> Path:
    return resources.path("assets", "flows")


def flow_ids() -> list[str]:
    """The ids of the shipped flows: file names only, nothing parsed (``check`` calls this)."""
    return sorted(p.stem for p in flows_dir().glob("*.yaml"))


@lru_cache(maxsize=1)
def _shipped_stack() -> Stack:
    return load_stack_or_raise(resources.layers_file())


def read_flow_file(path: str | Path, stack: Stack | None = None,
                   figures: Figures | None = None) -> tuple[Flow | None, list[Problem]]:
    """Load one flow file; returns the flow (or None) and every problem found, sorted."""
    known = Known(stack=stack or _shipped_stack(), figures=figures or shipped_figures())
    doc = parse_file(path)
    flow = read_flow(doc, known)
    return flow, sorted(doc.problems)


def flow_path(id_or_path: str | Path) -> Path:
    """A shipped flow id (``netflix-play``) or a path to any flow file."""
    text = str(id_or_path)
    if text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text:
        return Path(text)
    return flows_dir() / f"{text}.yaml"


def load_flow(id_or_path: str | Path, stack: Stack | None = None,
              figures: Figures | None = None) -> Flow:
    """Load a flow by id or path; raises ``DataError`` listing every problem."""
    path = flow_path(id_or_path)
    if not path.is_file():
        ids = flow_ids()
        raise DataError([Problem(str(path), 1, 1, f"no such flow '{id_or_path}'{suggest(str(id_or_path), ids)}")])
    flow, problems = read_flow_file(path, stack, figures)
    if flow is None:
        raise DataError(problems)
    return flow


def shipped_flows(stack: Stack | None = None, figures: Figures | None = None) -> dict[str, Flow]:
    """Every shipped flow by id, in id order; raises ``DataError`` if any file is broken."""
    return {ident: load_flow(ident, stack, figures) for ident in flow_ids()}
