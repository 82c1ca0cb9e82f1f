"""Load and validate ``layers.yaml`` into a ``Stack``.

All problems are reported in one pass as ``path:line:column: message``: unknown keys, missing
fields, wrong types, duplicate ids, dangling references, layers out of order, dependencies that
point up the stack. A file with problems yields no model; the app then falls back to the copy
shipped with it, and ``python -m desktop check`` prints the list.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.stack.model import (Budget, Component, Example, Layer, OsiLayer, Seam, Stack,
                                TcpIpLayer)
from desktop.core.data.problems import DataError, Problem

if TYPE_CHECKING:
    from desktop.core.data.source import Document, Pos, Reader

# desktop.core.data.source (and PyYAML with it) is imported inside the functions that parse, so a
# start-up served from the stack cache never pays for it.

LAYER_COUNT = 9
OSI_COUNT = 7
SCHEMA_VERSION = 1


def _component(r: Reader, layer: int) -> Component:
    return Component(id=r.text("id"), name=r.text("name"), description=r.text("description"),
                     layer=layer, depends_on=r.texts("depends_on"))


def _layer(r: Reader, _pos: Pos) -> tuple[Layer, dict[str, Pos], list[tuple[str, Pos]]]:
    from desktop.core.data.source import Reader, map_list

    number = r.integer("number", -1)
    budget_r = r.child("budget")
    budget = Budget(budget_r.text("name"), budget_r.text("unit"), budget_r.text("consumed_by"))
    budget_r.done()
    comp_pos: dict[str, Pos] = {}
    dep_pos: list[tuple[str, Pos]] = []

    def build_component(cr: Reader, pos: Pos) -> Component:
        comp = _component(cr, number)
        comp_pos.setdefault(comp.id, cr.value_pos("id"))
        deps = cr.node.get("depends_on")
        for i, dep in enumerate(comp.depends_on):
            dep_pos.append((dep, Reader.item_pos(deps, i)))
        return comp

    components = map_list(r, "components", build_component)
    examples = map_list(r, "examples", lambda er, _p: Example(er.text("name"), er.text("note", required=False)))
    layer = Layer(id=r.text("id"), number=number, name=r.text("name"), short=r.text("short"),
                  summary=r.text("summary"), description=r.text("description"),
                  promise=r.text("promise"), leaks=r.text("leaks"), budget=budget,
                  components=tuple(components), examples=tuple(examples))
    return layer, comp_pos, dep_pos


def _seam(r: Reader, _pos: Pos) -> Seam:
    leaks = r.texts("leaks", required=True)
    if r.has("leaks") and not leaks:
        r.problem("leaks", f"{r.where}.leaks: name at least one concrete leak")
    return Seam(id=r.text("id"), lower=r.text("lower"), upper=r.text("upper"), name=r.text("name"),
                assumes=r.text("assumes"), guarantees=r.text("guarantees"), leaks=leaks)


def _osi(r: Reader, _pos: Pos) -> OsiLayer:
    return OsiLayer(number=r.integer("number"), name=r.text("name"), pdu=r.text("pdu"),
                    protocols=r.texts("protocols", required=True), device=r.text("device"),
                    description=r.text("description"))


def _tcpip(r: Reader, pos: Pos) -> TcpIpLayer:
    raw = r.node.get("osi")
    numbers: list[int] = []
    for item, ipos, where in r.items("osi"):
        if isinstance(item, int) and not isinstance(item, bool) and 1 <= item <= OSI_COUNT:
            numbers.append(item)
        else:
            r.doc.problem(ipos, f"{where}: expected an OSI layer number 1-7, found {item!r}")
    del raw
    return TcpIpLayer(id=r.text("id"), name=r.text("name"), osi=tuple(numbers),
                      protocols=r.texts("protocols", required=True), description=r.text("description"))


def read_stack(doc: Document) -> Stack | None:
    """Validate a parsed document; return the model, or None when it has problems."""
    from desktop.core.data.source import Reader, check_unique, map_list, suggest

    if doc.data is None:
        return None
    top = Reader(doc, doc.data, "layers.yaml")
    version = top.integer("version", SCHEMA_VERSION)
    if top.has("version") and version != SCHEMA_VERSION:
        top.problem("version", f"version {version} is not supported (this app reads version {SCHEMA_VERSION})")
    title = top.text("title")
    clash = top.text("naming_clash")

    built = map_list(top, "layers", _layer)
    layers = [b[0] for b in built]
    layer_items = top.items("layers") if top.has("layers") else []
    comp_pos: dict[str, Pos] = {}
    dep_refs: list[tuple[str, Pos, int]] = []
    for (layer, cpos, dpos) in built:
        comp_pos.update({k: v for k, v in cpos.items() if k not in comp_pos})
        dep_refs.extend((d, p, layer.number) for d, p in dpos)

    # layer order and ids -------------------------------------------------------------------
    if top.has("layers") and len(layers) != LAYER_COUNT and len(layers) == len(layer_items):
        top.problem("layers", f"expected {LAYER_COUNT} layers (0 to 8), found {len(layers)}")
    for expected, (layer, (_node, pos, where)) in enumerate(zip(layers, layer_items)):
        if layer.number != expected and layer.number != -1:
            doc.problem(pos, f"{where}: layers must run 0 to 8 from the bottom up; "
                             f"expected layer {expected} here, found layer {layer.number}")
    check_unique(doc, ((l.id, p) for l, (_n, p, _w) in zip(layers, layer_items)), "layer")
    all_components = [c for l in layers for c in l.components]
    check_unique(doc, _component_id_positions(doc, top), "component")

    # dependencies point down or sideways, never up -----------------------------------------
    by_id = {c.id: c for c in all_components}
    for dep, pos, layer_no in dep_refs:
        target = by_id.get(dep)
        if target is None:
            doc.problem(pos, f"depends on unknown component '{dep}'{suggest(dep, by_id)}")
        elif target.layer > layer_no:
            doc.problem(pos, f"a component of layer {layer_no} cannot depend on '{dep}' of layer "
                             f"{target.layer}: dependencies point down the stack")

    # seams ---------------------------------------------------------------------------------
    seams = map_list(top, "seams", _seam)
    seam_items = top.items("seams") if top.has("seams") else []
    number_of = {l.id: l.number for l in layers}
    check_unique(doc, ((s.id, p) for s, (_n, p, _w) in zip(seams, seam_items)), "seam")
    for seam, (node, pos, where) in zip(seams, seam_items):
        r = Reader(doc, node, where, pos)
        for side in ("lower", "upper"):
            ident = getattr(seam, side)
            if ident and ident not in number_of and layers:
                doc.problem(r.value_pos(side), f"{where}.{side}: unknown layer '{ident}'{suggest(ident, number_of)}")
        lo, hi = number_of.get(seam.lower), number_of.get(seam.upper)
        if lo is not None and hi is not None:
            if hi != lo + 1:
                doc.problem(r.value_pos("upper"), f"{where}: a seam joins adjacent layers; "
                                                  f"'{seam.lower}' is {lo} and '{seam.upper}' is {hi}")
            elif seam.id != f"{lo}-{hi}":
                doc.problem(r.value_pos("id"), f"{where}.id: the seam between layers {lo} and {hi} "
                                               f"must have id '{lo}-{hi}', found '{seam.id}'")
    if layers and len(seams) == len(seam_items) and len(seams) != LAYER_COUNT - 1:
        top.problem("seams", f"expected {LAYER_COUNT - 1} seams (0-1 to 7-8), found {len(seams)}")

    # OSI and TCP/IP ------------------------------------------------------------------------
    osi = map_list(top, "osi", _osi)
    osi_items = top.items("osi") if top.has("osi") else []
    for expected, (layer, (_n, pos, where)) in enumerate(zip(osi, osi_items), start=1):
        if layer.number != expected:
            doc.problem(pos, f"{where}: OSI layers run 1 (physical) to 7 (application); "
                             f"expected {expected} here, found {layer.number}")
    if len(osi) == len(osi_items) and len(osi) != OSI_COUNT and top.has("osi"):
        top.problem("osi", f"expected {OSI_COUNT} OSI layers, found {len(osi)}")
    tcpip = map_list(top, "tcpip", _tcpip)
    tcp_items = top.items("tcpip") if top.has("tcpip") else []
    check_unique(doc, ((t.id, p) for t, (_n, p, _w) in zip(tcpip, tcp_items)), "TCP/IP layer")
    covered = sorted(n for t in tcpip for n in t.osi)
    if tcpip and len(tcpip) == len(tcp_items) and covered != list(range(1, OSI_COUNT + 1)):
        top.problem("tcpip", "the TCP/IP layers must map onto OSI layers 1-7, each exactly once; "
                             f"they cover {covered}")
    top.done()

    if doc.problems:
        return None
    return Stack(title=title, naming_clash=clash, layers=tuple(layers), seams=tuple(seams),
                 osi=tuple(osi), tcpip=tuple(tcpip), source=doc.path)


def _component_id_positions(doc: Document, top: Reader) -> list[tuple[str, Pos]]:
    out: list[tuple[str, Pos]] = []
    for node, _pos, _where in (top.items("layers") if top.has("layers") else []):
        comps = node.get("components") if isinstance(node, dict) else None
        if not isinstance(comps, list):
            continue
        for comp in comps:
            if isinstance(comp, dict) and isinstance(comp.get("id"), str):
                out.append((comp["id"], comp.value_pos.get("id", comp.pos)))
    return out


def load_stack(path: str | Path) -> tuple[Stack | None, list[Problem]]:
    from desktop.core.data.source import parse_file

    doc = parse_file(path)
    stack = read_stack(doc)
    return stack, sorted(doc.problems)


def load_stack_or_raise(path: str | Path) -> Stack:
    stack, problems = load_stack(path)
    if stack is None:
        raise DataError(problems)
    return stack


CACHE_SCHEMA = "stackscope-stack-cache"
CACHE_VERSION = 1


def stack_to_data(stack: Stack) -> dict:
    """The model as plain JSON data (what the cache stores)."""
    from dataclasses import fields, is_dataclass

    def plain(obj):
        if is_dataclass(obj):
            return {f.name: plain(getattr(obj, f.name)) for f in fields(obj) if not f.name.startswith("_")}
        if isinstance(obj, (tuple, list)):
            return [plain(x) for x in obj]
        return obj

    return {"schema": CACHE_SCHEMA, "version": CACHE_VERSION, "stack": plain(stack)}


def _texts(items) -> tuple[str, ...]:
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise TypeError("expected a list of texts")
    return tuple(items)


_FIELD_KINDS: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _make(cls, d: dict, **nested):
    """``cls(**d)`` with ``nested`` fields already built, once every text field is text and every
    whole-number field a whole number (a wrong type or an unknown key raises)."""
    kinds = _FIELD_KINDS.get(cls)
    if kinds is None:
        from dataclasses import fields

        names = [(f.name, f.type if isinstance(f.type, str) else getattr(f.type, "__name__", ""))
                 for f in fields(cls) if not f.name.startswith("_")]
        kinds = _FIELD_KINDS[cls] = (tuple(n for n, t in names if t == "str"),
                                     tuple(n for n, t in names if t == "int"))
    texts, ints = kinds
    for key in texts:
        if type(d[key]) is not str:
            raise ValueError(f"the cache holds {d[key]!r} for {cls.__name__}.{key}")
    for key in ints:
        if type(d[key]) is not int:
            raise ValueError(f"the cache holds {d[key]!r} for {cls.__name__}.{key}")
    return cls(**{**d, **nested})


def stack_from_data(data) -> Stack:
    """Rebuild the model from ``stack_to_data``'s output; raises (TypeError, KeyError,
    ValueError) on anything else. Only the model's dataclasses, holding only texts and whole
    numbers, can come out of it: data in, data out, no code."""
    if not isinstance(data, dict) or data.get("schema") != CACHE_SCHEMA or data.get("version") != CACHE_VERSION:
        raise ValueError("not a stack cache of this version")
    s = data["stack"]

    def component(c: dict) -> Component:
        return _make(Component, c, depends_on=_texts(c["depends_on"]))

    def layer(d: dict) -> Layer:
        return _make(Layer, d, budget=_make(Budget, d["budget"]),
                     components=tuple(component(c) for c in d["components"]),
                     examples=tuple(_make(Example, e) for e in d["examples"]))

    def osi_numbers(items) -> tuple[int, ...]:
        if not isinstance(items, list) or not all(type(n) is int for n in items):
            raise ValueError("expected a list of OSI layer numbers")
        return tuple(items)

    return _make(Stack, s, layers=tuple(layer(d) for d in s["layers"]),
                 seams=tuple(_make(Seam, d, leaks=_texts(d["leaks"])) for d in s["seams"]),
                 osi=tuple(_make(OsiLayer, d, protocols=_texts(d["protocols"])) for d in s["osi"]),
                 tcpip=tuple(_make(TcpIpLayer, d, osi=osi_numbers(d["osi"]),
                                   protocols=_texts(d["protocols"])) for d in s["tcpip"]))


def load_cached(path: str | Path, cache_dir: Path | None) -> tuple[Stack | None, list[Problem]]:
    """``load_stack`` with a JSON cache keyed by the file's path, size, modification time and
    the app's version (as Python keys its .pyc files).

    Parsing and validating layers.yaml (and importing PyYAML) is the largest piece of start-up
    after Qt itself (about 25 ms of a 190 ms start); a valid file that has not changed since the
    last start is read back from the cache instead. The cache is data, never code: JSON read
    through the same safe gate as every data file (regular file, size capped) and rebuilt into
    the model's dataclasses only; anything else in the cache folder (an old or planted pickle)
    is never opened. Any cache problem just means a normal load.
    """
    import json
    import zlib

    from desktop import __version__
    from desktop.core.data.files import read_bytes

    if cache_dir is None:
        return load_stack(path)
    try:
        st = Path(path).resolve().stat()
    except OSError:
        return load_stack(path)
    ident = f"{Path(path).resolve()}|{st.st_size}|{st.st_mtime_ns}|{__version__}"
    key = f"{zlib.crc32(ident.encode()):08x}"
    cached = cache_dir / f"stack-{key}.json"
    raw, _problem = read_bytes(cached)
    if raw is not None:
        try:
            return stack_from_data(json.loads(raw)), []
        except Exception:  # stale, corrupt or not ours: fall through to a real load
            pass
    stack, problems = load_stack(path)
    if stack is not None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(stack_to_data(stack), ensure_ascii=False), encoding="utf-8")
            tmp.replace(cached)
        except (OSError, ValueError):
            pass
    return stack, problems


def load_with_fallback(path: str | Path | None, cache_dir: Path | None = None) -> tuple[Stack | None, list[Problem]]:
    """The stack from ``path`` if it is sound, else the shipped copy; plus ``path``'s problems.

    The app shows those problems in a dialog and carries on with the shipped stack, so a typo in
    an instructor's file never stops a class. Only if the shipped copy is broken too is the
    stack None (CI's ``check`` keeps that from ever shipping).
    """
    from desktop import resources

    shipped = resources.layers_file()
    problems: list[Problem] = []
    if path is not None and Path(path).resolve() != shipped.resolve():
        stack, problems = load_cached(path, cache_dir)
        if stack is not None:
            return stack, []
    stack, shipped_problems = load_cached(shipped, cache_dir)
    return stack, problems + shipped_problems
