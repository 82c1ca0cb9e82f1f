"""``render OUT.png``: draw the main window headless (handouts, docs, our own checks)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="output file (.png, or .svg for the column only)")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--select", metavar="REF", help="select this (e.g. layer:network, osi:3, seam:0-1)")
    parser.add_argument("--theme", choices=["light", "dark", "contrast", "projector"], default="light")
    parser.add_argument("--lens", choices=["osi", "tcpip", "ai-cake", "dip", "oss-ai"],
                        help="draw a lens beside the column")
    parser.add_argument("--flow", help="load this flow (see simulate --list)")
    parser.add_argument("--at", type=float, help="with --flow: the moment to draw, in simulated seconds")
    parser.add_argument("--scale-preset", dest="scale_preset", metavar="PRESET",
                        help="open the scale view with this preset (see scale --list)")
    parser.add_argument("--load", metavar="FLOW", help="open load mode on this flow")
    parser.add_argument("--rps", type=float, help="with --load: arrivals per second")
    parser.add_argument("--utilisation", "--rho", type=float, metavar="U",
                        help="with --load: the bottleneck's utilisation, 0.1-1.3 (1 is saturation)")
    parser.add_argument("--lesson", help="open this lesson (see the lessons/ folder)")
    parser.add_argument("--step", type=int, help="with --lesson: the step to show, from 1")
    parser.add_argument("--fault", action="append", metavar="NAME[@SECONDS]",
                        help="inject a fault (repeatable; see simulate --list-faults)")
    parser.add_argument("--presenter", action="store_true", help="presenter mode (full screen, projector type)")
    parser.add_argument("--spotlight", action="store_true", help="dim all but the selection")
    parser.add_argument("--column-only", action="store_true", help="draw only the column, not the window")
    parser.add_argument("--layers", type=Path, help="use this layers.yaml")
    parser.add_argument("--scale", type=float, default=0.0,
                        help="device pixel ratio (default: 2 at widths of 2560 and more, as a "
                             "4K display scaled 200 %%; else 1)")


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scale = args.scale or (2.0 if args.width >= 2560 else 1.0)
    if scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
    args.scale = scale
    from desktop.ui.render import render_window

    try:
        render_window(args)
    except (KeyError, ValueError) as exc:
        print(f"render: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}")
    return 0
