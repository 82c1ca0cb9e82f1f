"""``audit-layout [--size WxH] [--presenter] [--theme NAME]``: is any text cut or too faint?

Builds the window at that size, shows each panel in a busy state (a flow mid-play with a
fault on, a load run, a lesson step with a check, the scale view…) and prints every text that
is clipped or elided and every text below WCAG AA contrast, with where it is. Exit 1 if any.
"""
from __future__ import annotations

import argparse
import os
import re
import sys


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d+)[x×](\d+)", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1366x768, not '{text}'")
    return int(m.group(1)), int(m.group(2))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from desktop.ui.theme import THEMES   # no Qt application needed to list the names

    parser.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH",
                        help="the screen to fit (default 1920x1080); 2560 wide and more is drawn "
                             "at 200 %% scale, as a 4K display usually is")
    parser.add_argument("--presenter", action="store_true", help="audit presenter mode")
    parser.add_argument("--theme", choices=[*THEMES, "all"], default="light",
                        help="the theme to audit, or 'all' (each busy state in every theme in turn)")
    parser.add_argument("--layers", help="use this layers.yaml")


def audit(width: int, height: int, *, presenter: bool = False, theme: str = "light", layers=None):
    """Build the window like ``render`` does and return every finding (see desktop.ui.audit)."""
    from desktop.ui.audit import run_audit
    from desktop.ui.render import build_window

    from desktop.ui.theme import THEMES

    scale = 2.0 if width >= 2560 else 1.0
    every = theme == "all"
    args = argparse.Namespace(width=width, height=height, theme="light" if every else theme,
                              layers=layers, lens=None,
                              select=None, presenter=presenter, spotlight=False, scale=scale,
                              flow=None, at=None, fault=None, load=None, rps=None, lesson=None,
                              step=None, scale_preset=None)
    window = build_window(args)
    try:
        return run_audit(window, themes=list(THEMES) if every else None)
    finally:
        window.close()
        window.deleteLater()


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    width, height = args.size
    if width >= 2560:
        os.environ["QT_SCALE_FACTOR"] = "2"
    findings = audit(width, height, presenter=args.presenter, theme=args.theme, layers=args.layers)
    mode = " presenter" if args.presenter else ""
    for finding in findings:
        print(finding)
    print(f"audit-layout {width}x{height}{mode} {args.theme}: {len(findings)} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run(argparse.Namespace()))
