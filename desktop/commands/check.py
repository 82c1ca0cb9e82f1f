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
    return expand_paths(paths)[0]


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The files to check, and a message for each path that holds none.

    A folder is searched for ``*.yaml`` (a folder with none is a message, not "no problems");
    any other path is checked as given, so a FIFO, a device or a folder named ``x.yaml`` found
    inside is reported by the safe reader as a located problem rather than read (and hung on).
    Nothing here opens a file: ``os.stat`` only."""
    import os
    import stat

    files: list[Path] = []
    messages: list[str] = []
    for p in paths:
        try:
            is_dir = stat.S_ISDIR(os.stat(p).st_mode)
        except (OSError, ValueError):
            is_dir = False                  # missing: the reader reports it, located
        if not is_dir:
            files.append(p)
            continue
        try:
            found = sorted(f for f in p.rglob("*.yaml") if not f.name.startswith("."))
        except OSError as exc:
            messages.append(f"{p}: cannot list this folder: {exc.strerror or exc}")
            continue
        if not found:
            messages.append(f"{p}: no .yaml files in this folder")
        files.extend(found)
    return files, messages


def run(args: argparse.Namespace) -> int:
    from desktop.core.catalog import check_files, default_files, library_files
    from desktop.core.library import home

    user: list[Path] = []
    messages: list[str] = []
    if args.files:
        files, messages = expand_paths(args.files)
    else:
        user = [] if args.shipped_only else library_files()
        files = default_files() + user
    for message in messages:
        print(message)
    if messages and not files:
        print("checked 0 file(s): nothing to check")
        return 1
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
    return 1 if problems or messages else 0
