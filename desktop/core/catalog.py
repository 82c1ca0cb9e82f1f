"""What the app knows by id, and how ``check`` recognises and validates any data file.

Lessons refer to flows, faults, lenses and scale presets; flows refer to components and figures.
``Known`` gathers every id a file may refer to, so each loader can report dangling references
with their position. ``check_file`` tells a file's kind by its top-level keys and runs the
matching reader, so ``python -m desktop check`` accepts any of our files in any order.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from desktop import resources
from desktop.core.sim.figures import Figures, shipped_figures
from desktop.core.stack.model import Stack
from desktop.core.data.problems import Problem
from desktop.core.data.source import Document, parse_file


@dataclass
class Known:
    """Everything a data file may name: the stack, the figures and the ids of the catalogues."""

    stack: Stack
    figures: Figures
    flows: set[str] = field(default_factory=set)
    faults: set[str] = field(default_factory=set)
    lenses: set[str] = field(default_factory=set)
    lessons: set[str] = field(default_factory=set)
    presets: set[str] = field(default_factory=set)
    systems: set[str] = field(default_factory=set)

    def ref_exists(self, ref: str) -> bool:
        return self.stack.find(ref) is not None


# top-level key -> (kind, "module:function"); the function takes (Document, Known) and returns
# the built object or None. Modules are imported only when a file of that kind is checked.
KINDS: list[tuple[str, str, str]] = [
    ("layers", "stack", "desktop.core.stack.reader:read_stack"),
    ("probes", "scenario", "desktop.core.learn.scenarios:read_scenario"),
    ("figures", "figures", "desktop.core.sim.figures:read_figures"),
    ("lenses", "lenses", "desktop.core.stack.lenses:read_lenses"),
    ("faults", "faults", "desktop.core.sim.faults:read_faults"),
    ("hops", "flow", "desktop.core.sim.flows:read_flow"),
    ("steps", "lesson", "desktop.core.learn.lessons:read_lesson"),
    ("presets", "scale", "desktop.core.scale.sizing:read_scale_data"),
]

_ONE_ARG = {"stack", "figures"}


def _reader(target: str) -> Callable[..., Any]:
    module, _, func = target.partition(":")
    return getattr(importlib.import_module(module), func)


def kind_of(doc: Document) -> tuple[str, str] | None:
    if not isinstance(doc.data, dict):
        return None
    for key, kind, target in KINDS:
        if key in doc.data:
            return kind, target
    return None


def read_any(doc: Document, known: Known | None) -> Any:
    """Validate one parsed document of any kind, appending its problems to ``doc.problems``."""
    found = kind_of(doc)
    if found is None:
        if doc.data is not None:
            keys = ", ".join(k for k, _kind, _t in KINDS)
            doc.problem(getattr(doc.data, "pos", (1, 1)),
                        f"not a Stackscope data file: expected one of the top-level keys {keys}")
        return None
    kind, target = found
    try:
        reader = _reader(target)
    except (ImportError, AttributeError):
        doc.problem(getattr(doc.data, "pos", (1, 1)), f"this version of Stackscope cannot check {kind} files yet")
        return None
    if kind in _ONE_ARG or known is None:
        return reader(doc) if kind in _ONE_ARG else None
    return reader(doc, known)


def default_files() -> list[Path]:
    """Every data file the app ships, in dependency order."""
    root = resources.data_root()
    files = [resources.layers_file(), root / "assets" / "figures.yaml"]
    for name in ("lenses.yaml", "faults.yaml", "scale.yaml"):
        if (root / "assets" / name).is_file():
            files.append(root / "assets" / name)
    files += sorted((root / "assets" / "flows").glob("*.yaml"))
    files += sorted(resources.lessons_dir().glob("*.yaml"))
    files += sorted((root / "assets" / "scenarios").glob("*.yaml"))
    return files


def _ids_of(module: str, func: str) -> set[str]:
    try:
        return set(getattr(importlib.import_module(module), func)())
    except (ImportError, AttributeError):
        return set()
    except Exception:  # a broken catalogue is reported when that file itself is checked
        return set()


def build_known(stack: Stack, figures: Figures | None = None) -> Known:
    """Collect the ids of the shipped catalogues (each module exposes a cheap ``*_ids()``)."""
    known = Known(stack=stack, figures=figures or shipped_figures())
    known.flows = _ids_of("desktop.core.sim.flows", "flow_ids")
    known.faults = _ids_of("desktop.core.sim.faults", "fault_ids")
    known.lenses = _ids_of("desktop.core.stack.lenses", "lens_ids")
    known.lessons = _ids_of("desktop.core.learn.lessons", "lesson_ids")
    known.presets = _ids_of("desktop.core.scale.sizing", "preset_ids")
    known.systems = _ids_of("desktop.core.scale.sizing", "system_ids")
    return known


# catalog kind -> the user library folder (and ``desktop.core.library.declared_ids`` kind)
LIBRARY_KIND = {"lesson": "lessons", "flow": "flows", "faults": "faults", "figures": "figures",
                "scenario": "scenarios"}


def library_files(root: Path | None = None) -> list[Path]:
    """The user library's files in dependency order (figures first, scenarios last)."""
    from desktop.core.library import user_files

    return [p for kind in ("figures", "faults", "flows", "lessons", "scenarios")
            for p in user_files(kind, root)]


def _shipped_ids() -> dict[str, dict[str, str]]:
    """kind -> id -> shipped file, read from the raw files (a broken one is checked on its own)."""
    from desktop.core.library import declared_ids, shipped_files

    out: dict[str, dict[str, str]] = {}
    for kind in ("figures", "faults", "flows", "lessons", "scenarios"):
        for path in shipped_files(kind):
            doc = parse_file(path)
            for ident, _pos in declared_ids(kind, doc.data):
                out.setdefault(kind, {}).setdefault(ident, str(path))
    return out


def check_files(paths: list[Path], *, library: bool = True) -> list[Problem]:
    """Validate files exactly as the app reads them; the stack comes from the first layers file
    given, else the shipped one. With ``library`` the user library's figures and ids count too
    (a user flow may cite the user's figures). Ids already taken by a shipped file (or by an
    earlier file given) are refused, as the app refuses them."""
    from desktop.core.library import duplicate_problems, explain, parse
    from desktop.core.sim.figures import read_figures
    from desktop.core.stack.reader import load_stack, read_stack

    given = {Path(p).resolve() for p in paths}
    extra = [p for p in (library_files() if library else []) if p.resolve() not in given]
    docs = [parse(p) for p in paths]
    stack: Stack | None = None
    for doc in docs:
        if kind_of(doc) and kind_of(doc)[0] == "stack":  # type: ignore[index]
            stack = read_stack(doc) if stack is None else stack
    if stack is None:
        stack, _ = load_stack(resources.layers_file())
    figures = None
    if stack is not None:
        shipped = shipped_figures()
        more = []
        shipped_path = (resources.assets_dir() / "figures.yaml").resolve()
        for doc in docs + [parse(p) for p in extra]:
            found = kind_of(doc)
            if found and found[0] == "figures" and Path(doc.path).resolve() != shipped_path:
                figs = read_figures(parse(Path(doc.path)))
                if figs is not None:
                    more.extend(f for f in figs if f.name not in shipped)
        figures = Figures(list(shipped) + more, shipped.source) if more else shipped
    known = build_known(stack, figures) if stack is not None else None
    if known is not None:
        for doc in docs + [parse(p) for p in extra]:
            found = kind_of(doc)
            ident = doc.data.get("id") if isinstance(doc.data, dict) else None
            if found and isinstance(ident, str):
                {"flow": known.flows, "lesson": known.lessons}.get(found[0], set()).add(ident.strip())
            if found and found[0] == "faults" and isinstance(doc.data, dict):
                for node in doc.data.get("faults") or []:
                    if isinstance(node, dict) and isinstance(node.get("id"), str):
                        known.faults.add(node["id"])
    problems: list[Problem] = []
    shipped_ids = _shipped_ids()
    for doc in docs:
        found = kind_of(doc)
        if not (found and found[0] == "stack"):
            read_any(doc, known)
        problems.extend(explain(doc).problems)
    keyed = [(LIBRARY_KIND[kind_of(d)[0]], d.data, d.path) for d in docs  # type: ignore[index]
             if kind_of(d) and kind_of(d)[0] in LIBRARY_KIND]  # type: ignore[index]
    problems.extend(duplicate_problems(keyed, shipped_ids))
    return sorted(set(problems))
