"""``check [FILES…]``: validate data files, printing ``path:line:column: message`` per problem."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", type=Path,
                        help="files or folders to check (default: every file the app ships)")


def expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(p.rglob("*.yaml")) if p.is_dir() else [p])
    return out


def run(args: argparse.Namespace) -> int:
    from desktop.core.catalog import check_files, default_files

    files = expand(args.files) if args.files else default_files()
    problems = check_files(files)
    for problem in problems:
        print(problem)
    bad = len({p.path for p in problems})
    print(f"checked {len(files)} file(s): " + (f"{len(problems)} problem(s) in {bad} file(s)" if problems else "no problems"))
    return 1 if problems else 0
