"""The views a lesson step draws inside itself (its ``show:`` field), fed from the state.

A step that says "watch Where the time goes" should not send the student to another tab: the
lesson panel builds a fresh instance of that view here, under the step's text. Each one is fed
exactly as the Flow and Load panels feed theirs: it reads ``state.flow`` / ``state.load`` when
built and follows their events (a new timeline, a hop, a frame, a load run, a sweep) until the
step changes and ``detach`` lets go. It never looks up another panel or the window.

``build_step_view(view_id, state, theme)`` is the one entry point; the ids are the closed set
of ``desktop.core.learn.views``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from desktop.app.events import Event
    from desktop.app.state import AppState

MIN_HEIGHT = 130          # enough for a few waterfall rows or one plot with its axes
PLOT_MIN_HEIGHT = 120     # one plot with its axes (and legend row) but no title
FLOOR_LINES = 8           # a compact view is this many lines of the panel's text high, at least
LOAD_PLOTS = {"load-curve": "curve", "load-run": "time"}


def _title(view_id: str) -> str:
    """The view's name as the app shows it (the Flow tab's tab, the Load plot's heading)."""
    from desktop.core.learn.views import view

    titles = {"waterfall": QCoreApplication.translate("LessonViews", "Where the time goes"),
              "energy": QCoreApplication.translate("LessonViews", "Energy"),
              "headers": QCoreApplication.translate("LessonViews", "Headers"),
              "load-curve": QCoreApplication.translate("LessonViews", "The hockey stick"),
              "load-run": QCoreApplication.translate("LessonViews", "This run over time")}
    return titles.get(view_id, view(view_id).title)


class StepView(QWidget):
    """A caption ("**Where the time goes**, live, as the Flow tab shows it", and what brings it
    when there is nothing to draw yet) above one view. Subclasses ``_link`` the state's events
    and ``refresh`` from the state; ``detach`` lets go of them."""

    def __init__(self, state: AppState, view_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.view_id = view_id
        self._links: list[tuple[Event, Callable[..., Any]]] = []
        self.setObjectName(f"lesson-view-{view_id}")
        self.setAccessibleName(QCoreApplication.translate("LessonViews", "This step's view: {title}").format(
            title=_title(view_id)))
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Expanding)
        self.setMinimumHeight(MIN_HEIGHT)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        box.addWidget(self.caption)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setVisible(False)
        box.addWidget(self.empty)
        self._caption(QCoreApplication.translate("LessonViews", "<b>{title}</b>, live, as the {panel} tab shows it"))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Ask for a compact height: a plot asks for hundreds of pixels, and on a 720-line
        screen that would squeeze the step's text to two lines. The layout's stretch shares the
        rest between the text and the view."""
        return QSize(super().sizeHint().width(), MIN_HEIGHT)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """What the view needs not to be cut: its plots' least heights and the caption."""
        return QSize(super().minimumSizeHint().width(), max(MIN_HEIGHT, self.layout().minimumSize().height()))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        """No: the wrapped caption would make the whole view's height-for-width (every plot's
        hint added up) the step page's minimum, and squeeze the text to nothing."""
        return False

    def _caption(self, template: str) -> None:
        from desktop.core.learn.views import view

        panel = {"Flow": QCoreApplication.translate("LessonViews", "Flow"),
                 "Load": QCoreApplication.translate("LessonViews", "Load")}[view(self.view_id).where]
        self.caption.setText(template.format(title=_title(self.view_id), panel=panel))

    def _link(self, event: Event, callback: Callable[..., Any]) -> None:
        event.connect(callback)
        self._links.append((event, callback))

    def _waiting(self, text: str, body: QWidget) -> None:
        """Nothing to draw yet: say what brings it, and hide the empty view."""
        self.empty.setText(text)
        self.empty.setVisible(bool(text))
        body.setVisible(not text)

    def detach(self) -> None:
        """Stop following the state (the step changed): the widget is about to go."""
        for event, callback in self._links:
            event.disconnect(callback)
        self._links.clear()

    def set_theme(self, theme) -> None:
        """Restyle what the palette does not reach."""

    def refresh(self) -> None:
        """Draw what the state holds now."""


class _FlowView(StepView):
    """A view of the loaded flow: redrawn on a new timeline, moved on each hop or frame."""

    def __init__(self, state: AppState, view_id: str, parent: QWidget | None = None) -> None:
        super().__init__(state, view_id, parent)
        run = state.flow
        self._link(run.events.flow, lambda _r: self.refresh())
        self._link(run.events.hop, self.on_hop)
        self._link(run.events.frame, self.on_frame)

    def _no_flow(self, body: QWidget) -> bool:
        missing = not self.state.flow.loaded
        self._waiting(QCoreApplication.translate("LessonViews", "No flow is loaded yet: this view fills in once the lesson (or the Flow tab) loads one.")
                      if missing else "", body)
        return missing

    def on_hop(self, index: int) -> None:
        pass

    def on_frame(self, frame) -> None:
        pass


class WaterfallStep(_FlowView):
    """Where the time goes: every hop against true simulated time, the now cursor moving."""

    def __init__(self, state: AppState, theme, parent: QWidget | None = None) -> None:
        super().__init__(state, "waterfall", parent)
        from desktop.ui.waterfall import WaterfallView

        self.words = QLabel()
        self.words.setWordWrap(True)
        self.words.setVisible(False)
        self.layout().addWidget(self.words)
        self.waterfall = WaterfallView()
        self.waterfall.setMinimumHeight(80)
        self.layout().addWidget(self.waterfall, 1)
        self.set_theme(theme)
        self.refresh()

    def set_theme(self, theme) -> None:
        from desktop.ui.theme import OKABE_ITO

        self.waterfall.set_colours(
            {"text": theme.text, "muted": theme.muted, "grid": theme.border, "cursor": theme.selection,
             "compare": theme.muted, "background": theme.surface, "outline": theme.text}, OKABE_ITO)

    def refresh(self) -> None:
        if self._no_flow(self.waterfall):
            return
        run = self.state.flow
        fall, other, words = run.waterfalls()
        if fall is not None:
            self.waterfall.set_waterfall(fall, other, None)
        self.words.setText(words)
        self.words.setVisible(bool(words))
        self.waterfall.set_now(run.clock.sim_time)

    def on_frame(self, frame) -> None:
        view = self.waterfall
        view.set_now(frame.sim_time)
        left, right = view.t0, view.t_of(max(view.viewport().width(), 1))
        if self.state.flow.playing and not left <= frame.sim_time <= right:   # zoomed in: page along
            span = right - left
            view.show_range(frame.sim_time - 0.1 * span, frame.sim_time + 0.9 * span)

    def on_hop(self, index: int) -> None:
        if 0 <= index < len(self.waterfall.bars):       # the current hop's row stays in sight
            self.waterfall.ensureVisible(self.waterfall.bars[index], 0, 4)


class EnergyStep(_FlowView):
    """Energy per hop (IT and PUE overhead) and the running total; a fault's own series under it."""

    def __init__(self, state: AppState, theme, parent: QWidget | None = None) -> None:
        super().__init__(state, "energy", parent)
        from desktop.ui.flow_plots import FlowPlots

        self.plots = FlowPlots(theme)
        self.layout().addWidget(self.plots, 1)
        self.refresh()

    def _compact(self) -> None:
        from desktop.ui.plot_style import drop_title

        for plot in (self.plots.energy, self.plots.fault):
            drop_title(plot, PLOT_MIN_HEIGHT)
        self.plots.legend.setColumnCount(2)   # four side by side overflow a narrow panel

    def set_theme(self, theme) -> None:
        self.plots.apply_theme(theme)
        self._compact()

    def refresh(self) -> None:
        self._compact()
        if self._no_flow(self.plots):
            return
        run = self.state.flow
        self.plots.set_timeline(run.timeline, run.compare)
        self._compact()                       # a new timeline titles the fault's plot again
        # Room for one plot: with a fault that brings its own series (the inlet air, the
        # share of the load on the batteries) that one, since it is what the step is about.
        faulty = bool(run.timeline.series)
        self.plots.energy.setVisible(not faulty)
        self.plots.fault.setVisible(faulty)
        self._caption(QCoreApplication.translate("LessonViews", "<b>{title}</b>: what the fault changes, live, as the {panel} tab shows it")
                      if faulty else QCoreApplication.translate("LessonViews", "<b>{title}</b>: energy per hop, live, as the {panel} tab shows it"))
        self.on_frame(run.frame())

    def on_frame(self, frame) -> None:
        self.plots.update_cursor(frame.index, frame.progress, frame.sim_time)


class HeadersStep(_FlowView):
    """The headers the current hop's bytes carry, outermost first."""

    def __init__(self, state: AppState, theme, parent: QWidget | None = None) -> None:
        super().__init__(state, "headers", parent)
        from desktop.ui.pdu_view import PduView

        self.headers = PduView()
        self.layout().addWidget(self.headers, 1)
        self.caption.setVisible(False)       # the headers' own caption names the view and the hop
        self.refresh()

    def refresh(self) -> None:
        if self._no_flow(self.headers):
            return
        self.on_hop(self.state.flow.clock.event_index)

    def on_hop(self, index: int) -> None:
        """The current hop's headers; on a hop that never touches the wire (the app, a GPU),
        the next one that does, so the step always has headers to read."""
        timeline = self.state.flow.timeline
        if timeline is None or not timeline.events:
            return
        events = timeline.events
        at = max(index, 0)
        wire = next((i for i in range(at, len(events)) if events[i].pdu), at)
        e = events[wire]
        self.headers.set_pdu(e.pdu or (), f"{wire}. {e.label}")
        # one caption, not two: the view's name and the hop it reads, in a line
        template = (QCoreApplication.translate("LessonViews", "<b>{title}</b> of {n}. {label}, outermost first")
                    if wire == at else
                    QCoreApplication.translate("LessonViews", "<b>{title}</b> of the next hop on the wire, {n}. {label}, outermost first"))
        self.headers.caption.setText(template.format(title=_title(self.view_id), n=wire, label=e.label))
        tree = self.headers.tree
        tree.collapseAll()                   # one row a header: the fields are a click away
        tree.ensurePolished()                # presenter type reaches the font on polish
        for column in range(tree.columnCount() - 1):
            tree.resizeColumnToContents(column)   # the headings too, at the type shown

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.refresh()                       # measured again at the type the window gives


class LoadStep(StepView):
    """One of the Load tab's plots: the hockey stick (latency against ρ) or this run over time."""

    def __init__(self, state: AppState, view_id: str, theme, parent: QWidget | None = None) -> None:
        super().__init__(state, view_id, parent)
        from desktop.ui.load_plots import LoadPlots

        from desktop.ui.plot_style import drop_title

        self.plots = LoadPlots(theme)
        self.plot = getattr(self.plots, LOAD_PLOTS[view_id])
        tabs = self.plots.tabs                 # the Load tab's two plots sit on tabs: show one
        page = next(tabs.widget(i) for i in range(tabs.count())
                    if tabs.widget(i) is self.plot or tabs.widget(i).isAncestorOf(self.plot))
        tabs.setCurrentWidget(page)
        tabs.strip.setVisible(False)           # the caption names the plot
        for name in LOAD_PLOTS.values():
            drop_title(getattr(self.plots, name), PLOT_MIN_HEIGHT)
        self.layout().addWidget(self.plots, 1)
        self._link(state.load.events.load, lambda _r: self.refresh())
        self._link(state.load.events.sweep, lambda _r: self.refresh())
        self.refresh()

    def set_theme(self, theme) -> None:
        from desktop.ui.plot_style import drop_title

        self.plots.apply_theme(theme)
        for name in LOAD_PLOTS.values():
            drop_title(getattr(self.plots, name), PLOT_MIN_HEIGHT)

    def refresh(self) -> None:
        run = self.state.load
        self._waiting("" if run.result is not None else QCoreApplication.translate(
            "LessonViews", "No load run yet: this view fills in once the lesson (or the Load tab) sends traffic."),
            self.plots)
        if run.result is not None:
            self.plots.show_result(run.result, run.rho, run.sweep)


def view_floor(widget: QWidget) -> int:
    """The least height a step's view keeps: a few rows at the type the window uses (presenter
    mode's larger type asks for a taller view)."""
    return max(MIN_HEIGHT, FLOOR_LINES * widget.fontMetrics().height(), widget.minimumSizeHint().height())


def build_step_view(view_id: str, state: AppState, theme) -> StepView:
    """A new view for ``show: view_id``, already showing what the state holds."""
    if view_id == "waterfall":
        return WaterfallStep(state, theme)
    if view_id == "energy":
        return EnergyStep(state, theme)
    if view_id == "headers":
        return HeadersStep(state, theme)
    if view_id in LOAD_PLOTS:
        return LoadStep(state, view_id, theme)
    raise KeyError(f"no step view '{view_id}'")
