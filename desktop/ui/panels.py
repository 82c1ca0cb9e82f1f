"""The one list of panels the window shows, in tab order (Ctrl+1 … Ctrl+8).

Adding a panel is a ``Panel`` subclass and one line here. The modules are imported when the
window installs its tabs, right after the first paint, so start-up never pays for them; each
panel is then built the first time its tab shows or its state is needed.
"""
from __future__ import annotations

from desktop.ui.fault_panel import FaultPanel
from desktop.ui.flow_panel import FlowPanel
from desktop.ui.inspector import InspectorPanel
from desktop.ui.lesson_panel import LessonPanel
from desktop.ui.load_panel import LoadPanel
from desktop.ui.outline import Outline
from desktop.ui.panel import Panel
from desktop.ui.scale_view import ScalePanel
from desktop.ui.scenarios import ScenariosPanel

PANELS: list[type[Panel]] = [InspectorPanel, FlowPanel, LoadPanel, LessonPanel, ScalePanel, FaultPanel, Outline,
                             ScenariosPanel]
