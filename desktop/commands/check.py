"""``check [FILES…]``: validate data files exactly as the app reads them.

With no arguments it checks every file the app ships and every file in the user library
(``$STACKSCOPE_HOME`` or the per-OS folder; see docs/authoring.md), naming the user files, so a
file the app would hide or refuse fails here with the same reason: a file name that is not its
id, an id already used (a user lesson reusing a shipped id), an empty or unknown ``(figure: …)``
citation, YAML mistakes explained in plain words. Prints ``path:line:column: message`` per
problem; exit status 1 when there is any.
"""
from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", type=Path,
                        help="files or folders to check (default: every file the app ships and "
                             "your library)")
    parser.add_argument("--shipped-only", action="store_true",
                        help="with no files: check only the shipped data, not your library")


def expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(p.rglob("*.yaml")) if p.is_dir() else [p])
    return out


def run(args: argparse.Namespace) -> int:
    from desktop.core.catalog import check_files, default_files, library_files
    from desktop.core.library import home

    user: list[Path] = []
    if args.files:
        files = expand(args.files)
    else:
        user = [] if args.shipped_only else library_files()
        files = default_files() + user
    problems = check_files(files)
    for problem in problems:
        print(problem)
    if not args.files and not args.shipped_only:
        root = home()
        bad_files = {p.path for p in problems}
        print(f"your library: {root}" + ("" if user else " (no files yet)"))
        for path in user:
            state = "problems" if str(path) in bad_files else "ok"
            print(f"  {state:<8} {path.relative_to(root).as_posix()}")
    bad = len({p.path for p in problems})
    print(f"checked {len(files)} file(s): " + (f"{len(problems)} problem(s) in {bad} file(s)" if problems else "no problems"))
    return 1 if problems else 0
