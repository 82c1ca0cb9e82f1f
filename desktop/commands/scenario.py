"""``scenario``: a troubleshooting scenario headless: the student's view, probes, grading.

    python -m desktop scenario --list
    python -m desktop scenario hot-afternoon --seed 7               # what the student sees
    python -m desktop scenario hot-afternoon --seed 7 --probe hall-air --probe gpu-work
    python -m desktop scenario hot-afternoon --seed 7 --answer component:chiller \\
        --answer seam:0-1 --answer seam:1-2 --student "Ada L" --save results/
    python -m desktop scenario hot-afternoon --seed 7 --reveal      # instructors: the cause

Without ``--reveal`` nothing printed names the cause. ``--answer REF`` (repeatable): the first
ref that is not a seam is the root cause; the seams are the path it climbed. ``--json`` prints
one object with the keys ``symptoms`` (always), ``root_cause`` (``--reveal``), ``correct`` and
``score`` (``--answer``; score 0..1). Exit status: 0 ok, 1 the scenario has problems, 2 a bad
command line.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", nargs="?", help="a scenario id (see --list) or a scenario file")
    parser.add_argument("--list", action="store_true", help="print the scenario ids and titles")
    parser.add_argument("--seed", type=int, default=0, help="the student's seed (default 0)")
    parser.add_argument("--probe", action="append", default=[], metavar="ID",
                        help="run a probe (costs minutes from the budget); repeatable")
    parser.add_argument("--answer", action="append", default=[], metavar="REF",
                        help="the root cause (a ref such as component:chiller), then seams "
                             "such as seam:0-1 for the path; repeatable")
    parser.add_argument("--reveal", action="store_true", help="also print the root cause (instructors)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--student", metavar="NAME", help="the student's name, for --save")
    parser.add_argument("--save", type=Path, metavar="DIR", help="write a signed result file into DIR")


def find_scenario(ident: str) -> Any:
    from desktop.core.learn.scenarios import read_scenario
    from desktop.core.library import current, find

    known = current().known()
    known.flows = set(current()["flows"].ids())
    return find("scenarios", ident, read_scenario, known=known)


def run(args: argparse.Namespace) -> int:
    from desktop.core.data.problems import DataError
    from desktop.core.learn import scenarios
    from desktop.core.library import current

    if args.list:
        cat = current()["scenarios"]
        for sc in cat.items():
            print(f"{sc.id:<26} {sc.level:<13} {sc.title}")
        for skipped in cat.skipped:
            print(f"skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
        return 0
    if not args.scenario:
        print("stackscope scenario: name a scenario (see --list)", file=sys.stderr)
        return 2
    try:
        scenario = find_scenario(args.scenario)
        lib = current()
        flows = {i: lib["flows"].get(i) for i in lib["flows"].ids()}
        case = scenarios.start(scenario, args.seed, stack=lib.stack, flows=flows, figures=lib.figures)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    try:
        for probe in args.probe:
            case.probe(probe)
    except (KeyError, ValueError) as exc:
        print(f"stackscope scenario: {str(exc).strip(chr(39))}", file=sys.stderr)
        return 2
    out: dict[str, Any] = {"symptoms": case.symptoms()}
    if args.reveal:
        out["root_cause"] = case.root_cause()
    graded = None
    if args.answer:
        graded = scenarios.grade(case, args.answer)
        out["correct"] = graded.correct
        out["score"] = graded.score
    if args.save:
        if not (args.student and graded is not None):
            print("stackscope scenario: --save needs --student NAME and at least one --answer", file=sys.stderr)
            return 2
        from desktop.core.learn.results import choose_key, make_result, write_result

        data = make_result(args.student, f"scenario:{scenario.id}", args.seed,
                           {"refs": list(args.answer), "probes": list(case.probes_run)}, graded.score,
                           key=choose_key(scenario.source), detail={"parts": dict(graded.parts)})
        saved = write_result(data, args.save)
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        _print(case, out, graded)
        if args.save:
            print(f"wrote {saved}")
    return 0


def _print(case: Any, out: dict[str, Any], graded: Any) -> None:
    s = out["symptoms"]
    print(f"{s['title']} · scenario {s['scenario']} · seed {s['seed']} · {s['mode']}")
    print()
    print(s["brief"])
    print()
    print(f"what you see ({s['flow']}):")
    for r in s["readings"]:
        print(f"  {r['label']:<30} {r['now']:>10}   usually {r['usual']}")
    print()
    print(f"probes (budget {s['budget_minutes']:g} min, {s['minutes_left']:g} min left):")
    for p in s["probes"]:
        ran = "  ✓" if p["id"] in s["probe_results"] else ""
        print(f"  {p['id']:<14} {p['minutes']:>4g} min  {p['label']}{ran}")
    for ident, lines in s["probe_results"].items():
        print(f"\nprobe {ident}:")
        for line in lines:
            print(f"  {line}")
    if "root_cause" in out:
        rc = out["root_cause"]
        print(f"\nroot cause: {rc['ref']} (layer {rc['layer']}); hidden: {', '.join(rc['faults'])}")
        print(f"path: {' '.join(rc['path']) or '(stays in its layer)'}")
    if graded is not None:
        print()
        for line in graded.feedback:
            print(line)
        print(f"correct: {'yes' if graded.correct else 'no'} · score {graded.score:.0%}")
