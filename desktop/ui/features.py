"""The registry of optional panels (flows, load, lessons, scale…), Mu-style.

Each feature is a module with ``install(window)``; a feature whose module is missing or fails
to install is skipped and logged, so one broken panel never takes the column down with it.
"""
from __future__ import annotations

import importlib

FEATURES: list[str] = [
    "desktop.ui.presenter",
    "desktop.ui.flow_panel",
    "desktop.ui.load_panel",
    "desktop.ui.lesson_panel",
    "desktop.ui.scale_view",
    "desktop.ui.fault_panel",
    "desktop.ui.outline",
]


def install_features(window, names: list[str] | None = None) -> list[str]:
    installed: list[str] = []
    for name in names if names is not None else FEATURES:
        try:
            importlib.import_module(name).install(window)
            installed.append(name)
        except Exception:  # a panel's failure must not stop the app
            import logging

            logging.getLogger("stackscope").exception("feature %s could not be installed", name)
    return installed
