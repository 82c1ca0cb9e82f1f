"""Reading ``assets/faults.yaml``: every check records a located problem and carries on; the
shipped catalogue is read once (``shipped_faults``)."""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from desktop import resources
from desktop.core.data.problems import Problem, or_raise
from desktop.core.data.source import (Document, MDict, MList, Pos, Reader, check_unique, map_list,
                                      parse_file, suggest)
from desktop.core.sim.faults.model import (BARE_NUMBERS_OK, COMMON_FIELDS, EFFECT_KINDS, FACTOR_UNITS,
                                           FIELD_DIMENSION, LAYER_MAX, LOAD_ONLY, MODES, SCHEMA_VERSION,
                                           SERIES_KINDS, SHARE_UNITS, TIME_UNITS, Condition, Effect,
                                           Fault, FaultParam, LeakNote, Quantity, UnknownFault)
from desktop.core.sim.figures import Figures, shipped_figures
from desktop.core.sim.modifiers import Target

if TYPE_CHECKING:
    from desktop.core.catalog import Known
    from desktop.core.stack.model import Stack


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
        once = r.flag("once", False) if kind == "add_delay" else False
        effect = Effect(kind=kind, target=target, values=MappingProxyType(values), mode=mode, when=when,
                        instead_of_option=instead, restart=restart, once=once, condition=condition,
                        series=r.text("series", required=False) if kind in (*SERIES_KINDS, "thermal") else "",
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
            if e.kind == "thermal" and e.series and e.series not in named:
                self.doc.problem(epos, f"{where}.series: no series '{e.series}' in this fault"
                                       f"{suggest(e.series, named) if named else ' (add a ramp or steps effect)'}")
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


