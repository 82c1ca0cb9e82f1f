"""``check [FILES…]``: validate data files, printing ``path:line:column: message`` per problem."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", type=Path,
                        help="files or folders to check (default: every file the app ships)")


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
    from desktop.core.catalog import check_files, default_files

    files, messages = expand_paths(args.files) if args.files else (default_files(), [])
    for message in messages:
        print(message)
    if messages and not files:
        print("checked 0 file(s): nothing to check")
        return 1
    problems = check_files(files)
    for problem in problems:
        print(problem)
    bad = len({p.path for p in problems})
    print(f"checked {len(files)} file(s): " + (f"{len(problems)} problem(s) in {bad} file(s)" if problems else "no problems"))
    return 1 if problems or messages else 0
