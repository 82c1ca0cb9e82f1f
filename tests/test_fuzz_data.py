"""Fuzz: certainly-broken files of every kind the app reads give located problems, never a
crash or a hang (issue 16).

Each variant is made from the shipped file of its kind at test time (no pasted copies), so the
suite follows the data as it changes. Every variant goes through ``check`` (in-process, the
catalogue's ``check_files``) and through the app's own reader for that kind; each must report at
least one ``path:line:column: message`` problem for that file and raise nothing. A hang would
stop the run: ``faulthandler`` kills the process with every thread's traceback after
``HANG_SECONDS`` (cheaper than a subprocess per case; the whole suite takes a few seconds).
"""
from __future__ import annotations

import faulthandler
import functools
import re
from pathlib import Path
from typing import Callable

import pytest

from desktop import resources
from desktop.core.catalog import check_files
from desktop.core.data.problems import Problem
from desktop.core.data.source import MAX_NODES

HANG_SECONDS = 10
LOCATED = re.compile(r"^(?P<path>.+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): \S")


def _first_sorted(folder: Path) -> Path:
    return sorted(folder.glob("*.yaml"))[0]


# kind -> (shipped example, top-level key, the app's reader: path -> problems)
def _stack(path: Path) -> list[Problem]:
    from desktop.core.stack.reader import load_stack
    stack, problems = load_stack(path)
    assert stack is None or not problems
    return problems


def _figures(path: Path) -> list[Problem]:
    from desktop.core.sim.figures import load_figures
    return load_figures(path)[1]


def _lenses(path: Path) -> list[Problem]:
    from desktop.core.stack.lenses import load_lenses
    return load_lenses(path)[1]


def _faults(path: Path) -> list[Problem]:
    from desktop.core.sim.faults import load_faults
    return load_faults(path)[1]


def _flow(path: Path) -> list[Problem]:
    from desktop.core.sim.flows import read_flow_file
    return read_flow_file(path)[1]


def _lesson(path: Path) -> list[Problem]:
    from desktop.core.learn.lessons import default_known, load_lesson
    return load_lesson(path, _known_cache(default_known))[1]


def _scale(path: Path) -> list[Problem]:
    from desktop.core.scale.sizing import load_scale
    return load_scale(path)[1]


_KNOWN: list = []


def _known_cache(make: Callable):
    if not _KNOWN:
        _KNOWN.append(make())
    return _KNOWN[0]


KINDS: dict[str, tuple[Callable[[], Path], str, Callable[[Path], list[Problem]]]] = {
    "layers": (resources.layers_file, "layers", _stack),
    "figures": (lambda: resources.path("assets", "figures.yaml"), "figures", _figures),
    "lenses": (lambda: resources.path("assets", "lenses.yaml"), "lenses", _lenses),
    "faults": (lambda: resources.path("assets", "faults.yaml"), "faults", _faults),
    "flows": (lambda: _first_sorted(resources.path("assets", "flows")), "hops", _flow),
    "lessons": (lambda: _first_sorted(resources.lessons_dir()), "steps", _lesson),
    "scale": (lambda: resources.path("assets", "scale.yaml"), "presets", _scale),
}


# --- the variants --------------------------------------------------------------------------------

def _bomb(top: str) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "\n".join(lines) + f"\n{top}: [*i]\n"


def _sub_first(pattern: str, repl: str, text: str) -> str:
    out, n = re.subn(pattern, lambda _m: repl, text, count=1, flags=re.MULTILINE)
    assert n == 1, f"the shipped file no longer has {pattern!r}: update this variant"
    return out


_NUMBER = r"(?<=: )-?\d+(?:\.\d+)?(?=\s*(?:#.*)?$)"       # the first plain number value
_ID = r"(?<=\bid: )[A-Za-z0-9_.-]+(?=\s*(?:[,}]|$))"         # the first plain id value


def _id_key(text: str) -> str:
    """Figures name themselves by ``name``, every other kind by ``id``."""
    return _ID if re.search(_ID, text, re.MULTILINE) else r"(?<=\bname: )[A-Za-z0-9_.-]+(?=\s*(?:[,}]|$))"


@functools.lru_cache(maxsize=None)
def kind_variants(kind: str) -> dict[str, bytes]:
    example, top, _read = KINDS[kind]
    return variants(example().read_text(encoding="utf-8"), top)


def variants(text: str, top: str) -> dict[str, bytes]:
    """Certainly-broken versions of ``text`` (a valid file whose top-level list is ``top``)."""
    t: dict[str, str] = {
        # the forms
        "alias-bomb": _bomb(top),
        "alias-bomb-appended": text + "\n" + _bomb("zz_" + top),
        "5000-digit-int-top": f"{top}: {'9' * 5000}\n",
        "5000-digit-int-value": _sub_first(_NUMBER, "9" * 5000, text),
        "bidi-override-id": _sub_first(_id_key(text), '"\\u202eosi"', text),
        "emoji-id": _sub_first(_id_key(text), '"osi\U0001F600"', text),
        "trailing-space-id": _sub_first(_id_key(text), '"osi "', text),
        # YAML features the reader refuses
        "recursive-alias": "a: &a [*a]\n" + text,
        "undefined-alias": text + "\nzz_extra: *nowhere\n",
        "python-tag": f"{top}: !!python/object/apply:os.system ['true']\n",
        "python-tag-value": _sub_first(_NUMBER, "!!python/name:os.system", text),
        "unknown-tag": _sub_first(_NUMBER, "!wat 3", text),
        "merge-key": "base: &b {x: 1}\n" + f"{top}:\n  - <<: *b\n",
        "two-documents": text + "\n---\nmore: 1\n",
        "deep-nesting": f"{top}: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "too-many-values": f"{top}: [" + "1," * (MAX_NODES + 10) + "1]\n",
        # numbers out of bounds
        "huge-int": _sub_first(_NUMBER, "99999999999999999999", text),
        "infinity": _sub_first(_NUMBER, ".inf", text),
        "not-a-number": _sub_first(_NUMBER, ".nan", text),
        "impossible-date": _sub_first(_NUMBER, "2026-13-45", text),
        # syntax and encoding
        "tab-indent": _sub_first(r"^  (?=\S)", "\t", text),
        "unclosed-quote": text + '\nzz: "never closed\n',
        "unclosed-flow": text + "\nzz: [1, 2\n",
        "bad-escape": text + '\nzz: "\\q"\n',
        "bell-character": text + "\nzz: a\x07b\n",
        "mapping-as-key": f"? {{a: 1}}\n: b\n{top}: []\n",
        "duplicate-top-key": text + f"\n{top}: []\n",
        # the wrong shape
        "empty": "",
        "only-a-comment": "# nothing here\n",
        "top-is-a-list": f"- {top}\n- x\n",
        "top-is-text": "just some words\n",
        f"{top}-is-nothing": re.sub(rf"^{top}:.*?(?=^\S|\Z)", f"{top}:\n", text, count=1,
                                    flags=re.MULTILINE | re.DOTALL),
        f"{top}-is-text": re.sub(rf"^{top}:.*?(?=^\S|\Z)", f"{top}: nothing\n", text, count=1,
                                 flags=re.MULTILINE | re.DOTALL),
        f"{top}-is-a-mapping": re.sub(rf"^{top}:.*?(?=^\S|\Z)", f"{top}: {{a: 1}}\n", text, count=1,
                                      flags=re.MULTILINE | re.DOTALL),
        "unknown-top-key": text + "\nzz_not_a_field: 1\n",
        "id-is-a-list": _sub_first(_id_key(text), "[a, b]", text),
        "id-is-empty": _sub_first(_id_key(text), '""', text),
    }
    out = {name: body.encode("utf-8") for name, body in t.items()}
    # bytes that are not text at all
    out["invalid-utf8"] = text.encode("utf-8") + b"\nzz: \xff\xfe\n"
    out["nul-byte"] = text.encode("utf-8") + b"\nzz: a\x00b\n"
    out["utf16"] = text.encode("utf-16")
    out["over-the-size-cap"] = text.encode("utf-8") + b"\n# " + b"x" * (1 << 20) + b"\n"
    return out


CASES = [(kind, name) for kind in KINDS for name in kind_variants(kind)]


@pytest.fixture(autouse=True)
def _no_hang():
    """A case that runs longer than HANG_SECONDS ends the run with every thread's traceback."""
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def assert_located(problems: list[Problem], path: Path) -> None:
    assert problems, f"{path.name}: no problem reported"
    mine = [p for p in problems if p.path == str(path)]
    assert mine, f"problems name other files only: {problems[:3]}"
    for p in mine:
        assert LOCATED.match(str(p)), str(p)


@pytest.mark.parametrize("kind,name", CASES, ids=[f"{k}-{n}" for k, n in CASES])
def test_broken_file_is_a_located_problem(kind: str, name: str, tmp_path: Path) -> None:
    read = KINDS[kind][2]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(kind_variants(kind)[name])
    assert_located(check_files([path]), path)
    assert_located(read(path), path)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_at_least_30_variants(kind: str) -> None:
    assert len(kind_variants(kind)) >= 30


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_not_a_regular_file_is_a_located_problem(kind: str, tmp_path: Path) -> None:
    """A folder named like a data file, a FIFO and devices: refused before opening, so nothing
    blocks (a FIFO's open would wait for a writer) and nothing fills memory (/dev/zero)."""
    import os

    _example, _top, read = KINDS[kind]
    folder = tmp_path / "x.yaml"
    folder.mkdir()
    paths = [folder]
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "f.yaml"
        os.mkfifo(fifo)
        paths.append(fifo)
    paths += [Path(p) for p in ("/dev/zero", "/dev/urandom") if Path(p).exists()]
    for path in paths:
        assert_located(check_files([path]), path)
        problems = read(path)
        assert_located(problems, path)
        assert "not a regular file" in problems[0].message
