"""Scale view cost: one evaluation of the scale model, as a slider move triggers it.

    python benchmarks/scale.py [--n N] [--repeat R]

The headline evaluates the Crane preset with a new PUE, utilisation and tokens per prompt each
call (the view re-runs the model on every slider move, so it must stay far below a 16 ms frame).
In the same run it times a baseline: the same number of ``dataclasses.replace`` calls that build
the inputs, with no model, because these machines are noisy and only a same-run comparison means
much. The last line is ``scale_evaluate_us: N`` (microseconds per evaluation, best of ``--repeat``).
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.core.scale.sizing import evaluate, inputs_for_preset, shipped_scale  # noqa: E402


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=5000, help="evaluations per timing (default 5000)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    data = shipped_scale()
    base = inputs_for_preset("crane", data)
    inputs = [replace(base, pue=1.0 + i / args.n, utilisation=0.2 + 0.8 * i / args.n,
                      tokens_per_prompt=100 + i, model="70b" if i % 2 else "8b") for i in range(args.n)]
    evaluate(base, data)                                                   # warm up

    def model() -> None:
        for x in inputs:
            evaluate(x, data)

    def baseline() -> None:
        for i in range(args.n):
            replace(base, pue=1.0 + i / args.n, utilisation=0.5, tokens_per_prompt=100 + i)

    wall = best(model, args.repeat)
    floor = best(baseline, args.repeat)
    per = wall / args.n * 1e6
    print(f"baseline (build the inputs only): {floor / args.n * 1e6:.1f} us per call")
    print(f"model / baseline: {wall / floor:.1f}x; frame budget 16 ms = {16_000 / per:,.0f} evaluations")
    print(f"scale_evaluate_us: {per:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
