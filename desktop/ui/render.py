"""Headless rendering of the window or the column, shared by ``render`` and the tests."""
from __future__ import annotations

import argparse

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from desktop.core.stack.reader import load_stack_or_raise, load_with_fallback


def build_window(args: argparse.Namespace):
    from desktop.app.state import run_inline
    from desktop.ui.app import make_app
    from desktop.ui.mainwindow import MainWindow
    from desktop.ui.panels import PANELS

    make_app()
    if getattr(args, "layers", None):
        stack = load_stack_or_raise(args.layers)
    else:
        stack, _ = load_with_fallback(None)
    window = MainWindow(stack, theme_name=args.theme, remember=False, runner=run_inline)
    window.install_panels()
    scale = getattr(args, "scale", 1.0) or 1.0
    window.resize(round(args.width / scale), round(args.height / scale))
    window.show()
    QApplication.processEvents()
    state = window.state
    if getattr(args, "lens", None):
        state.set_lens(args.lens)
    if args.select:
        state.select(args.select)   # KeyError names what is not in the stack
    if getattr(args, "presenter", False):
        window.presenter.enter(fullscreen=False)
        window.resize(round(args.width / scale), round(args.height / scale))
        QApplication.processEvents()
    if getattr(args, "spotlight", False):
        state.set_spotlight(True)
    # Each panel applies its own options, in tab order (a flow before the faults that re-run it).
    shown = None
    for cls in PANELS:
        if any(getattr(args, option, None) not in (None, [], False) for option in cls.render_options[:1]):
            window.panel(cls.key).apply_render(args)
            shown = cls.key
    if shown is not None:
        window.show_panel(shown)
    QApplication.processEvents()
    return window


def render_window(args: argparse.Namespace) -> None:
    window = build_window(args)
    if args.out.suffix.lower() == ".svg" or args.column_only:
        from desktop.ui.export import save_column

        view = window.column.viewport().size()
        scale = getattr(args, "scale", 1.0) or 1.0
        save_column(window.scene, args.out, QSize(round(view.width() * scale), round(view.height() * scale)))
        return
    image = window.grab()
    if image.size() != QSize(args.width, args.height):  # rounding at odd scale factors
        image = image.scaled(args.width, args.height)
    if not image.save(str(args.out)):
        raise ValueError(f"could not write {args.out}")

