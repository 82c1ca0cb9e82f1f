"""``results DIR --csv OUT``: merge a folder of students' result files into one class CSV.

    python -m desktop results handed-in/ --csv class.csv
    python -m desktop results handed-in/ --csv class.csv --key pack/results.key

Each file's integrity code is checked with the keys given (``--key``, repeatable), the user
library's scenario pack key (``scenarios/results.key``) and this install's own key. Files that
fail are listed ("flagged") and left out of the CSV. The CSV has one row per attempt with the
columns student, activity, score (a percentage), date (YYYY-MM-DD), seed and file, which a
gradebook import (Moodle, Canvas, a spreadsheet) takes; ``--xapi OUT`` also writes them as xAPI
statements for a learning record store. Exit status: 0 all files passed, 1 some
were flagged, 2 a bad command line.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, help="a folder of result files (*.json, searched recursively)")
    parser.add_argument("--csv", type=Path, metavar="OUT", required=True, help="write the class CSV here")
    parser.add_argument("--key", action="append", default=[], type=Path, metavar="FILE",
                        help="a results.key file to check the files with; repeatable")
    parser.add_argument("--xapi", type=Path, metavar="OUT",
                        help="also write the verified attempts as xAPI statements (a JSON list)")


def run(args: argparse.Namespace) -> int:
    from desktop.core.learn.results import (PACK_KEY_FILE, check_folder, install_key, read_key,
                                            write_csv)
    from desktop.core.library import folder

    if not args.folder.is_dir():
        print(f"stackscope results: {args.folder} is not a folder", file=sys.stderr)
        return 2
    keys = []
    for path in args.key:
        key = read_key(path)
        if key is None:
            print(f"stackscope results: cannot read a key from {path}", file=sys.stderr)
            return 2
        keys.append(key)
    pack = read_key(folder("scenarios") / PACK_KEY_FILE)
    keys += [k for k in (pack, install_key()) if k]
    checked = check_folder(args.folder, keys)
    good = [c for c in checked if c.ok]
    flagged = [c for c in checked if not c.ok]
    rows = write_csv(good, args.csv)
    if args.xapi:
        import json

        from desktop.core.learn.results import xapi_statements

        args.xapi.write_text(json.dumps(xapi_statements(good), indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    for c in flagged:
        print(f"flagged {c.path}: {c.reason}", file=sys.stderr)
    print(f"wrote {args.csv}: {rows} attempt{'s' if rows != 1 else ''}"
          + (f"; {len(flagged)} file{'s' if len(flagged) != 1 else ''} flagged" if flagged else ""))
    return 1 if flagged else 0
