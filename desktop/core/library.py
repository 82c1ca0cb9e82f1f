"""The user library: one folder of the instructor's own lessons, flows, figures, faults and scenarios.

The app, ``check`` and every command read the shipped catalogues and this folder through one
generic loader (``read_catalogue``) with the same validation, so a file the app would hide is a
file ``check`` fails, with the same reason. The folder is ``$STACKSCOPE_HOME`` when set, else
Qt's per-user AppDataLocation for organisation and application "Stackscope" (computed here
without Qt, so commands stay light; ``desktop.ui.settings.data_dir`` gives the same folder):

==========  ==============================================================
Linux       ``$XDG_DATA_HOME/Stackscope/Stackscope`` (``~/.local/share/…``)
macOS       ``~/Library/Application Support/Stackscope/Stackscope``
Windows     ``%APPDATA%\\Stackscope\\Stackscope``
==========  ==============================================================

``read_library()`` reads everything once; ``reload(previous)`` reads again and says what was
added, changed or removed and which files were skipped and why (View → Reload library and the
file watcher call it). Nothing here imports Qt.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Generic, Iterable, Mapping, TypeVar

from desktop import resources
from desktop.core.data.problems import Problem

T = TypeVar("T")

ENV = "STACKSCOPE_HOME"
ORG = APP = "Stackscope"
KINDS = ("lessons", "flows", "figures", "faults", "scenarios")
README = "README.txt"


# --- where the library is -----------------------------------------------------------------------

def default_home(platform: str | None = None, environ: Mapping[str, str] | None = None,
                 user_home: Path | None = None) -> Path:
    """Qt's ``QStandardPaths.AppDataLocation`` for Stackscope on this (or the given) OS."""
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    user_home = user_home or Path.home()
    if platform.startswith("win"):
        base = Path(environ.get("APPDATA") or user_home / "AppData" / "Roaming")
    elif platform == "darwin":
        base = user_home / "Library" / "Application Support"
    else:
        base = Path(environ.get("XDG_DATA_HOME") or user_home / ".local" / "share")
    return base / ORG / APP


def home() -> Path:
    """The library folder: ``$STACKSCOPE_HOME`` or the per-OS default (not created here)."""
    env = os.environ.get(ENV)
    return Path(env) if env else default_home()


def folder(kind: str, root: Path | None = None) -> Path:
    """``lessons/``, ``flows/``, ``figures/``, ``faults/`` or ``scenarios/`` inside the library."""
    if kind not in KINDS:
        raise ValueError(f"no library folder '{kind}' (one of {', '.join(KINDS)})")
    return (root or home()) / kind


def ensure(root: Path | None = None) -> Path:
    """Create the library and its five folders (File → Open library folder does this first)."""
    root = root or home()
    for kind in KINDS:
        (root / kind).mkdir(parents=True, exist_ok=True)
    readme = root / README
    if not readme.exists():
        readme.write_text("Stackscope user library. Put your own files here:\n"
                          + "".join(f"  {k}/\n" for k in KINDS)
                          + "Check them with: python -m desktop check\n", encoding="utf-8")
    return root


def user_files(kind: str, root: Path | None = None) -> list[Path]:
    """The ``*.yaml`` files of one library folder, sorted; hidden files and folders skipped."""
    base = folder(kind, root)
    try:
        return sorted(p for p in base.glob("*.y*ml")
                      if p.suffix in (".yaml", ".yml") and p.is_file() and not p.name.startswith("."))
    except OSError:
        return []


def shipped_files(kind: str) -> list[Path]:
    """The files the app ships for one kind, in the order they are read."""
    assets = resources.assets_dir()
    if kind == "lessons":
        return sorted(resources.lessons_dir().glob("*.yaml"))
    if kind == "flows":
        return sorted((assets / "flows").glob("*.yaml"))
    if kind == "figures":
        return [assets / "figures.yaml"]
    if kind == "faults":
        return [assets / "faults.yaml"]
    if kind == "scenarios":
        return sorted((assets / "scenarios").glob("*.yaml"))
    raise ValueError(kind)


# --- one generic catalogue ----------------------------------------------------------------------

@dataclass(frozen=True)
class Skipped:
    """A file the app does not use, with every reason (``path:line:col: message``)."""

    path: str
    problems: tuple[Problem, ...]

    @property
    def reason(self) -> str:
        return self.problems[0].message if self.problems else "skipped"

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@dataclass(frozen=True)
class Entry(Generic[T]):
    id: str
    item: T
    path: str
    shipped: bool


@dataclass
class Catalogue(Generic[T]):
    """The items of one kind by id (shipped first, then the user's), and the skipped files."""

    kind: str
    entries: dict[str, Entry[T]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)

    def ids(self) -> list[str]:
        return list(self.entries)

    def get(self, ident: str) -> T:
        return self.entries[ident].item

    def __contains__(self, ident: object) -> bool:
        return ident in self.entries

    def items(self) -> list[T]:
        return [e.item for e in self.entries.values()]

    def user_ids(self) -> list[str]:
        return [i for i, e in self.entries.items() if not e.shipped]


# Reading one file gives (id, item, position of the id) per thing it declares, and its problems.
FileReader = Callable[[Path], "tuple[list[tuple[str, Any, tuple[int, int]]], list[Problem]]"]


def read_catalogue(kind: str, shipped: Iterable[Path], user: Iterable[Path],
                   read_file: FileReader) -> Catalogue[Any]:
    """Read shipped files then user files; a file with any problem is skipped whole, and so is
    one that declares an id already taken (a user lesson reusing a shipped id): the first wins."""
    cat: Catalogue[Any] = Catalogue(kind)
    for path, is_shipped in [(Path(p), True) for p in shipped] + [(Path(p), False) for p in user]:
        try:
            found, problems = read_file(path)
        except Exception as exc:  # a bug in a reader must not take the catalogue down
            found, problems = [], [Problem(str(path), 1, 1, f"could not read this file: {exc!r}")]
        problems = list(problems)
        for ident, _item, pos in found:
            if ident in cat.entries:
                first = cat.entries[ident]
                where = "a shipped file" if first.shipped else "another file"
                problems.append(Problem(str(path), pos[0], pos[1],
                                        f"the id '{ident}' is already used by {where} ({first.path}); "
                                        f"give this one another id (and file name)"))
        if problems:
            cat.skipped.append(Skipped(str(path), tuple(sorted(set(problems)))))
            continue
        for ident, item, _pos in found:
            cat.entries[ident] = Entry(ident, item, str(path), is_shipped)
    return cat


def declared_ids(kind: str, data: Any) -> list[tuple[str, tuple[int, int]]]:
    """The ids a parsed file declares and where, read from the raw data (works on broken files):
    ``id`` for a lesson, flow or scenario; each ``faults[].id``; each ``figures[].name``."""
    if not isinstance(data, dict):
        return []
    if kind in ("faults", "figures"):
        key = "id" if kind == "faults" else "name"
        out = []
        for node in data.get(kind) or []:
            if isinstance(node, dict) and isinstance(node.get(key), str):
                out.append((node[key].strip(), getattr(node, "value_pos", {}).get(key, (1, 1))))
        return out
    ident = data.get("id")
    if isinstance(ident, str) and ident.strip():
        return [(ident.strip(), getattr(data, "value_pos", {}).get("id", (1, 1)))]
    return []


def duplicate_problems(docs: Iterable[tuple[str, Any, str]],
                       taken: Mapping[str, Mapping[str, str]] | None = None) -> list[Problem]:
    """Ids declared twice across files: ``docs`` are (kind, data, path) in reading order;
    ``taken`` holds kind → id → path already used (the shipped catalogues). ``check`` uses this,
    so it refuses exactly what ``read_catalogue`` skips."""
    seen: dict[str, dict[str, str]] = {k: dict(v) for k, v in (taken or {}).items()}
    out: list[Problem] = []
    for kind, data, path in docs:
        ids = seen.setdefault(kind, {})
        for ident, pos in declared_ids(kind, data):
            first = ids.get(ident)
            if first is not None and Path(first).resolve() != Path(path).resolve():
                out.append(Problem(path, pos[0], pos[1],
                                   f"the id '{ident}' is already used by {first}; give this one "
                                   f"another id (and file name)"))
            elif first is None:
                ids[ident] = path
    return out


# --- the whole library --------------------------------------------------------------------------

def parse(path: Path) -> Any:
    """``parse_file`` with the friendly YAML messages (``desktop.core.data.friendly``)."""
    from desktop.core.data.source import parse_file

    return explain(parse_file(path))


def explain(doc: Any) -> Any:
    """Rewrite a document's problems in plain words (call again after a reader added more)."""
    from desktop.core.data.friendly import explain_all

    if doc.problems:
        from desktop.core.data.files import read_bytes

        # the one safe read: a FIFO, a device or a huge file gives no text, never a hang
        data, _refused = read_bytes(doc.path)
        try:
            text: str | None = data.decode("utf-8") if data is not None else None
        except UnicodeDecodeError:
            text = None
        doc.problems[:] = explain_all(doc.problems, text)
    return doc


def _stamp(path: Path) -> tuple[float, int]:
    try:
        st = path.stat()
        return st.st_mtime, st.st_size
    except OSError:
        return 0.0, -1


@dataclass
class Library:
    """Everything the app may use: the shipped catalogues plus the user's, read once."""

    root: Path
    stack: Any
    figures: Any                                   # shipped + user figures (a ``Figures``)
    catalogues: dict[str, Catalogue[Any]]
    stamps: dict[str, tuple[float, int]] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> Catalogue[Any]:
        return self.catalogues[kind]

    @property
    def skipped(self) -> list[Skipped]:
        return [s for kind in KINDS for s in self.catalogues[kind].skipped]

    def user_files(self) -> list[Path]:
        return [p for kind in KINDS for p in user_files(kind, self.root)]

    def watch_paths(self) -> list[Path]:
        """What a file watcher should watch: the library and its five folders (new files) and
        every user file (edits). Folders that do not exist yet are left out."""
        folders = [self.root] + [self.root / kind for kind in KINDS]
        return [p for p in folders if p.is_dir()] + self.user_files()

    def known(self) -> Any:
        """A ``Known`` with the user's ids and figures, for validating one more file."""
        from desktop.core.catalog import build_known

        known = build_known(self.stack, self.figures)
        known.flows |= set(self["flows"].ids())
        known.faults |= set(self["faults"].ids())
        known.lessons |= set(self["lessons"].ids())
        return known


def light_known(stack: Any, root: Path | None = None) -> Any:
    """A ``Known`` for the shipped data plus the user library, cheaply: the user's figure files
    are read (they are small), flow and lesson ids come from file names, fault ids from the raw
    files. A broken user file adds nothing here; it is reported where it is read."""
    from desktop.core.catalog import build_known
    from desktop.core.sim.figures import read_figures, shipped_figures

    shipped = shipped_figures()
    extra = []
    for path in user_files("figures", root):
        figs = read_figures(parse(path))
        if figs is not None:
            extra.append([f for f in figs if f.name not in shipped])
    known = build_known(stack, _merge_figures(shipped, extra) if extra else shipped)
    known.flows |= {p.stem for p in user_files("flows", root)}
    known.lessons |= {p.stem for p in user_files("lessons", root)}
    for path in user_files("faults", root):
        known.faults |= {i for i, _pos in declared_ids("faults", parse(path).data)}
    return known


def _merge_figures(shipped: Any, extra: Iterable[Any]) -> Any:
    from desktop.core.sim.figures import Figures

    items = list(shipped) + [f for figs in extra for f in figs]
    return Figures(items, shipped.source)


def read_library(stack: Any = None, root: Path | None = None) -> Library:
    """Read the shipped data and the user library; never raises for a bad user file."""
    from desktop.core.catalog import build_known
    from desktop.core.sim.figures import read_figures, shipped_figures
    from desktop.core.stack.reader import load_stack_or_raise

    root = root or home()
    stack = stack or load_stack_or_raise(resources.layers_file())
    stamps = {str(p): _stamp(p) for kind in KINDS for p in user_files(kind, root)}
    shipped_figs = shipped_figures()

    def figures_file(path: Path) -> tuple[list[tuple[str, Any, tuple[int, int]]], list[Problem]]:
        doc = parse(path)
        figs = read_figures(doc) if doc.data is not None else None
        explain(doc)
        if figs is None:
            return [], doc.problems
        pos = dict(declared_ids("figures", doc.data))
        return [(f.name, f, pos.get(f.name, (1, 1))) for f in figs], doc.problems

    figures = read_catalogue("figures", [], user_files("figures", root), figures_file)
    # shipped figure names are taken: a user file may add figures, never redefine one
    for name, entry in list(figures.entries.items()):
        if name in shipped_figs:
            del figures.entries[name]
            problem = Problem(entry.path, 1, 1, f"the figure '{name}' is already defined in "
                                                f"{shipped_figs.source}; give yours another name")
            figures.skipped.append(Skipped(entry.path, (problem,)))
    bad = {s.path for s in figures.skipped}
    figures.entries = {k: e for k, e in figures.entries.items() if e.path not in bad}
    for name in shipped_figs.names():
        figures.entries.setdefault(name, Entry(name, shipped_figs.get(name), shipped_figs.source, True))
    merged = _merge_figures(shipped_figs, [[e.item for e in figures.entries.values() if not e.shipped]])

    known = build_known(stack, merged)
    known.flows |= {p.stem for p in user_files("flows", root)}
    known.lessons |= {p.stem for p in user_files("lessons", root)}
    catalogues: dict[str, Catalogue[Any]] = {"figures": figures}

    def single(kind: str, reader: Callable[[Any, Any], Any]) -> FileReader:
        def read(path: Path) -> tuple[list[tuple[str, Any, tuple[int, int]]], list[Problem]]:
            doc = parse(path)
            item = reader(doc, known) if doc.data is not None else None
            explain(doc)
            if item is None:
                return [], doc.problems or [Problem(str(path), 1, 1, f"not a {kind[:-1]} file")]
            pos = dict(declared_ids(kind, doc.data))
            return [(item.id, item, pos.get(item.id, (1, 1)))], doc.problems
        return read

    from desktop.core.sim.faults import read_faults

    def faults_file(path: Path) -> tuple[list[tuple[str, Any, tuple[int, int]]], list[Problem]]:
        doc = parse(path)
        items = read_faults(doc, known) if doc.data is not None else None
        explain(doc)
        pos = dict(declared_ids("faults", doc.data))
        return [(f.id, f, pos.get(f.id, (1, 1))) for f in items or []], doc.problems

    catalogues["faults"] = read_catalogue("faults", shipped_files("faults"), user_files("faults", root),
                                          faults_file)
    known.faults |= set(catalogues["faults"].ids())
    from desktop.core.sim.flows import read_flow

    catalogues["flows"] = read_catalogue("flows", shipped_files("flows"), user_files("flows", root),
                                         single("flows", read_flow))
    from desktop.core.learn.lesson_reader import read_lesson

    catalogues["lessons"] = read_catalogue("lessons", shipped_files("lessons"),
                                           user_files("lessons", root), single("lessons", read_lesson))
    from desktop.core.learn.scenarios import read_scenario

    known_flows = catalogues["flows"]
    scen_known = replace(known, flows=set(known_flows.ids()))
    catalogues["scenarios"] = read_catalogue(
        "scenarios", shipped_files("scenarios"), user_files("scenarios", root),
        single("scenarios", lambda doc, _k: read_scenario(doc, scen_known)))
    return Library(root, stack, merged, catalogues, stamps)


@dataclass(frozen=True)
class Reload:
    """What ``reload`` found: ids per kind added, changed (their file changed) or removed, and
    every skipped file with its reasons."""

    library: Library
    added: dict[str, list[str]]
    changed: dict[str, list[str]]
    removed: dict[str, list[str]]
    skipped: list[Skipped]

    @property
    def anything(self) -> bool:
        return any(self.added.values()) or any(self.changed.values()) or any(self.removed.values())

    def summary(self) -> str:
        """One line for the status bar: "library: 1 lesson added, 1 file skipped"."""
        parts = []
        for label, table in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            n = sum(len(v) for v in table.values())
            if n:
                parts.append(f"{n} {label}")
        if self.skipped:
            parts.append(f"{len(self.skipped)} file{'s' if len(self.skipped) != 1 else ''} skipped")
        return "library: " + (", ".join(parts) if parts else "no changes")


def reload(previous: Library | None = None, stack: Any = None, root: Path | None = None) -> Reload:
    """Read the library again and compare with ``previous`` (None: everything is "added")."""
    lib = read_library(stack or (previous.stack if previous else None),
                       root or (previous.root if previous else None))
    added: dict[str, list[str]] = {}
    changed: dict[str, list[str]] = {}
    removed: dict[str, list[str]] = {}
    for kind in KINDS:
        new = lib[kind].entries
        old = previous[kind].entries if previous else {}
        added[kind] = [i for i in new if i not in old]
        removed[kind] = [i for i in old if i not in new]
        changed[kind] = [i for i, e in new.items() if i in old and not e.shipped and (
            e.path != old[i].path or (previous is not None
                                      and previous.stamps.get(e.path) != lib.stamps.get(e.path)))]
    _CACHE[str(lib.root)] = lib
    return Reload(lib, added, changed, removed, lib.skipped)


_CACHE: dict[str, Library] = {}


def forget() -> None:
    """Drop the cached library (tests; a command that changed the folder)."""
    _CACHE.clear()


def current() -> Library:
    """The library as last read (read on first use); commands use this for a user id."""
    key = str(home())
    if key not in _CACHE:
        _CACHE[key] = read_library()
    return _CACHE[key]


def figures() -> Any:
    """Shipped plus user figures (what a user flow may cite)."""
    return current().figures


def find(kind: str, ident_or_path: str, read: Callable[[Any, Any], Any], *,
         path: Path | None = None, known: Any = None) -> Any:
    """One catalogue entry by shipped or user id, else the file at ``path`` (default: the text
    as a path), read with ``read(doc, known)``. Raises ``DataError`` with the reasons: the
    problems of a user file the library skipped, "no such …" with a suggestion, or the file's
    own problems. Every command that takes an id or a file uses this."""
    from desktop.core.data.problems import DataError
    from desktop.core.data.source import suggest

    lib = current()
    if ident_or_path in lib[kind]:
        return lib[kind].get(ident_or_path)
    for skipped in lib[kind].skipped:
        if Path(skipped.path).stem == ident_or_path:
            raise DataError(list(skipped.problems))
    path = path or Path(ident_or_path)
    if not path.is_file():
        noun = kind.rstrip("s")
        raise DataError([Problem(str(path), 1, 1, f"no such {noun} '{ident_or_path}'"
                                                  f"{suggest(ident_or_path, lib[kind].ids())}")])
    doc = parse(path)
    found = read(doc, known if known is not None else lib.known()) if doc.data is not None else None
    if found is None:
        raise DataError(doc.problems)
    return found


def find_flow(ident_or_path: str, stack: Any = None) -> Any:
    """A flow by shipped or user id, or a path; raises ``DataError`` with the reasons."""
    from desktop.core.sim.flows import flow_path, read_flow

    known = current().known()
    if stack is not None:
        known.stack = stack
    return find("flows", ident_or_path, read_flow, path=flow_path(ident_or_path), known=known)
