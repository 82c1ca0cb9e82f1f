"""Headless rendering of the window or the column, shared by ``render`` and the tests."""
from __future__ import annotations

import argparse

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from desktop.core.stack.reader import load_stack_or_raise, load_with_fallback


def build_window(args: argparse.Namespace):
    from desktop.ui.app import make_app
    from desktop.ui.features import install_features
    from desktop.ui.mainwindow import MainWindow

    make_app()
    if getattr(args, "layers", None):
        stack = load_stack_or_raise(args.layers)
    else:
        stack, _ = load_with_fallback(None)
    window = MainWindow(stack, theme_name=args.theme, remember=False)
    install_features(window)
    scale = getattr(args, "scale", 1.0) or 1.0
    window.resize(round(args.width / scale), round(args.height / scale))
    window.show()
    QApplication.processEvents()
    if getattr(args, "lens", None):
        window.set_lens(args.lens)
    if args.select:
        if stack.find(args.select) is None and args.select not in window.scene.items_by_ref:
            raise KeyError(f"nothing in the stack is called '{args.select}'")
        window.select(args.select)
    if getattr(args, "presenter", False) and window.presenter is not None:
        window.presenter.enter(fullscreen=False)
        window.resize(round(args.width / scale), round(args.height / scale))
        QApplication.processEvents()
    if getattr(args, "spotlight", False) and window.presenter is not None:
        window.presenter.toggle_spotlight()
    for hook in window.render_hooks:
        hook(args)
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

