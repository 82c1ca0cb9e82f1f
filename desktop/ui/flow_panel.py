"""Flow mode: pick a request, play it down the column and back up, and read where its time and
energy go.

A thin view over ``state.flow`` (``desktop.app.flow_run.FlowRun``): the pickers and buttons
call the run's methods; a new timeline (``flow`` event) refills the event list, the totals and
the views; a hop change (``hop`` event) moves the list's current row and the header inspector;
each frame moves the waterfall's "now" cursor and the energy plot's cursor. The tokens on the
column are the column's own (``ColumnBinding``).

Below the event list the views sit in tabs, so nothing needs scrolling on a 1280×720 screen:
"Where the time goes" (the milestones and the linear waterfall, zoomable), "Energy" (per-hop IT
and PUE overhead, and the running total), "Headers" (the PDU inspector for the current hop)
and, while a struck fault brings a series of its own, "Fault".

No text is cut at any size or type size: the event list's rows grow to their wrapped text,
the labels get the height their text needs (the now-playing one reserves its longest hop's),
and lines of numbers wrap between their parts, never inside "16.4 nL".
"""
from __future__ import annotations

import html
import math
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QRectF, QSize, QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QComboBox, QGridLayout, QHBoxLayout, QHeaderView,
                               QLabel, QPushButton, QSizePolicy, QSplitter, QStyle, QStyledItemDelegate, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from desktop.core.stack.ref import Ref
from desktop.core.data.units import format_energies, format_grams, format_seconds, format_water_ml
from desktop.ui.panel import Panel
from desktop.ui.tab_strip import StripTabs

if TYPE_CHECKING:
    from desktop.app.state import AppState

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
WH_FROM = 1e-3            # a request's energy reads in Wh from a milliwatt-hour, in J below
ZOOM = 2.0                # one press of the waterfall's zoom buttons
TABS = ("time", "energy", "headers")
VIEWS = TABS + ("fault",)   # "fault": the Energy tab showing the fault's own series
DEFAULT_FLOW = "netflix-play"   # the Flow tab opens on it: everyone has streamed a video


def flow_title(ident: str) -> str:
    return ident.replace("-", " ").capitalize()


def _small(value: float, units: tuple[tuple[float, str], ...]) -> str:
    """``value`` in the first unit it reaches one of (3 significant digits); 0 stays 0."""
    for scale, name in units:
        if abs(value) >= scale * 0.9995:
            return f"{value / scale:.3g} {name}"
    scale, name = units[-1]
    return f"{value / scale:.3g} {name}" if value else f"0 {name}"


def water_text(ml: float) -> str:
    """A request's cooling water: mL, or µL for a video's first second (never "0 mL")."""
    return format_water_ml(ml) if abs(ml) >= 0.01 or ml == 0 else _small(ml, ((1.0, "mL"), (1e-3, "µL"), (1e-6, "nL")))


def grams_text(grams: float) -> str:
    """Carbon: g, or mg and µg for the small requests."""
    return format_grams(grams) if abs(grams) >= 0.01 or grams == 0 else _small(grams, ((1.0, "g"), (1e-3, "mg"), (1e-6, "µg")))


def energy_texts(*joules: float) -> list[str]:
    """Several energies in one unit (a line never mixes Wh and J): Wh for a request worth a
    milliwatt-hour or more, else the joule prefix the largest reads best in."""
    biggest = max((abs(j) for j in joules), default=0.0)
    if biggest / 3600.0 >= WH_FROM:
        return [f"{j / 3600.0:.3g} Wh" for j in joules]
    return format_energies(*joules)


HOP_COLUMN, TIME_COLUMN = 1, 2


SEPARATOR = "\u00a0· "     # a wrapped line ends on the dot, never starts with it
KEEP_CHARS = 22             # parts up to this long keep to one line: ~180 px at projector type


def keep_together(text: str) -> str:
    """``text`` (rich or plain) with a number kept on its unit's line and, when the part is
    short, every space made non-breaking: a wrapped line of SEPARATOR-joined parts then breaks
    between parts ("water 16.4 nL" never splits into "water 16.4" / "nL"). A long part may
    still wrap inside (at its spaces), or it would run past a narrow panel's edge."""
    text = re.sub(r"(?<=\d) (?=\S)", "\u00a0", text).replace(" CO₂e", "\u00a0CO₂e")   # "6.74 µg CO₂e"
    if len(re.sub(r"<[^>]+>", "", text)) <= KEEP_CHARS:
        text = re.sub(r" (?![^<]*>)", "\u00a0", text)   # not inside a tag
    return text


class WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text. A QTreeView asks its delegate for a row's height
    without the column's width (it wraps only when painting), so this measures the text at the
    column's width itself, with the font's metrics and a couple of pixels to spare: the style's
    estimate can be a pixel wider than the width the text is painted in, and a line that wraps
    only when painted would lose its last words below the row. The width stays the natural one
    (what a column sized to its contents asks for)."""

    SLACK_PX = 2

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option, index):  # noqa: N802 (Qt override)
        hint = super().sizeHint(option, index)
        text = index.data(Qt.DisplayRole)
        width = option.rect.width() if option.rect.width() > 0 else self.view.header().sectionSize(index.column())
        if not text or width <= 0 or index.column() != HOP_COLUMN:
            return hint      # the other columns are as wide as their text: it never wraps
        style = self.view.style()
        margin = style.pixelMetric(QStyle.PM_FocusFrameHMargin, None, self.view) + 1
        room = max(width - 2 * margin - self.SLACK_PX, 1)
        needed = QFontMetricsF(option.font).boundingRect(QRectF(0, 0, room, 1e5), Qt.TextWordWrap, str(text))
        return QSize(hint.width(), max(hint.height(), math.ceil(needed.height()) + 1))


class EventList(QTreeWidget):
    """Every hop of the flow; choosing one seeks there.

    Three columns, none elided: the hop's number; what happens with where it happens beneath
    (component, layer, OSI row), word-wrapped in the one column that stretches; and its time
    (what it adds, when it starts). Rows grow to their text. Heights are laid out again only
    when the text column's width or the font changes (``refit``), never per frame: playback
    only moves the current row."""

    def __init__(self) -> None:
        super().__init__()
        columns = [QCoreApplication.translate("FlowPanel", "#"), QCoreApplication.translate("FlowPanel", "hop, and where it runs"), QCoreApplication.translate("FlowPanel", "time")]
        self.setColumnCount(len(columns))
        self.setHeaderLabels(columns)
        self.headerItem().setToolTip(HOP_COLUMN, QCoreApplication.translate("FlowPanel", "What happens, then the component, its layer and its OSI row"))
        self.headerItem().setToolTip(TIME_COLUMN, QCoreApplication.translate("FlowPanel", "What the hop adds to the wait, then when it starts"))
        self.setRootIsDecorated(False)
        self.setItemDelegate(WrapDelegate(self))
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setAlternatingRowColors(True)
        self.setAccessibleName(QCoreApplication.translate("FlowPanel", "Event list"))
        self.setAccessibleDescription(QCoreApplication.translate("FlowPanel", "Every hop of the flow; choose one to jump there"))
        header = self.header()
        header.setStretchLastSection(False)
        # the number and time columns are sized to their text once per fill or type size
        # (``_size_columns``): sized to contents by the header, they were measured again on
        # every hop change
        header.setSectionResizeMode(0, QHeaderView.Fixed)
        header.setSectionResizeMode(HOP_COLUMN, QHeaderView.Stretch)
        header.setSectionResizeMode(TIME_COLUMN, QHeaderView.Fixed)
        header.sectionResized.connect(self._on_section_resized)
        # a shorter view (the splitter moved, the header grew with projector type) changes
        # the scroll range: keep the current row in sight then
        self.verticalScrollBar().rangeChanged.connect(lambda _lo, _hi: self._keep_current_in_sight_soon())
        self._sight_pending = False

    @staticmethod
    def texts(event, stack) -> tuple[str, str]:
        """(the hop cell, the time cell) for one event: two short lines each."""
        # a fault's mark names the fault; what it did ("fault-id: what") is the row's tooltip
        faults = dict.fromkeys(note.partition(": ")[0] for note in event.modifiers)
        what = (event.label + (QCoreApplication.translate("FlowPanel", " (estimate)") if event.estimate else "")
                + (f" ⚑ {', '.join(faults)}" if faults else ""))
        where = QCoreApplication.translate("FlowPanel", "{where} · layer {layer}").format(
            where=stack.label(Ref.component(event.component)), layer=event.layer)
        if event.osi:
            where += f" · OSI {event.osi}"
        when = QCoreApplication.translate("FlowPanel", "+{adds}\nat {start}").format(adds=format_seconds(event.latency_s),
                                                       start=format_seconds(event.start))
        return f"{what}\n{where}", when

    def fill(self, timeline, stack) -> None:
        self.clear()
        items = []
        for e in timeline.events:
            hop, when = self.texts(e, stack)
            item = QTreeWidgetItem([str(e.index), hop, when])
            tip = "\n".join((e.explain, *(f"⚑ {note}" for note in e.modifiers)))
            if e.estimate:
                tip += "\n" + QCoreApplication.translate("FlowPanel", "An engineering estimate (grade C): the figure behind it is not a measurement.")
            item.setToolTip(HOP_COLUMN, tip)
            item.setToolTip(TIME_COLUMN, QCoreApplication.translate("FlowPanel", "adds {adds}; starts at {start}").format(
                adds=format_seconds(e.latency_s), start=format_seconds(e.start)))
            item.setTextAlignment(0, Qt.AlignRight | Qt.AlignTop)
            item.setTextAlignment(HOP_COLUMN, Qt.AlignLeft | Qt.AlignTop)
            item.setTextAlignment(TIME_COLUMN, Qt.AlignRight | Qt.AlignTop)
            items.append(item)
        self.addTopLevelItems(items)
        self._size_columns()

    def _size_columns(self) -> None:
        """The number and time columns as wide as their widest text (or header) at this font."""
        metrics = QFontMetricsF(self.font())
        header_metrics = QFontMetricsF(self.header().font())
        pad = 2 * (self.style().pixelMetric(QStyle.PM_FocusFrameHMargin, None, self) + 1) + 4
        header_pad = 2 * self.header().style().pixelMetric(QStyle.PM_HeaderMargin, None, self.header()) + 4
        for column in (0, TIME_COLUMN):
            texts = [self.topLevelItem(i).text(column) for i in range(self.topLevelItemCount())]
            widest = max((metrics.horizontalAdvance(line) for t in texts for line in t.split("\n")), default=0.0)
            title = header_metrics.horizontalAdvance(self.headerItem().text(column)) + header_pad
            self.header().resizeSection(column, math.ceil(max(widest + pad, title)))

    def refit(self) -> None:
        """Lay the rows out again (once, at the next event loop turn): their wrapped height
        depends on the text column's width and the font."""
        self.scheduleDelayedItemsLayout()

    def doItemsLayout(self) -> None:  # noqa: N802 (Qt override)
        """After the rows are measured again, the current row is still in sight (heights
        above it changed, the scroll offset did not)."""
        super().doItemsLayout()
        item = self.currentItem()
        if item is not None:
            self.scrollToItem(item)

    def _keep_current_in_sight_soon(self) -> None:
        if not self._sight_pending and self.currentItem() is not None:
            self._sight_pending = True
            QTimer.singleShot(0, self, self._keep_current_in_sight)

    def _keep_current_in_sight(self) -> None:
        self._sight_pending = False
        item = self.currentItem()
        if item is not None:
            self.scrollToItem(item)

    def _on_section_resized(self, section: int, old: int, new: int) -> None:
        if section == HOP_COLUMN and old != new:
            self.refit()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self._size_columns()
            self.refit()


def least_height(widget: QWidget, width: int) -> int:
    """The least height ``widget`` can show all its words in at ``width``: wrapped labels at
    their height for that width, everything else at its minimum, stacked as its vertical
    layout stacks them (Qt's own heightForWidth is the preferred height, not the least)."""
    box = widget.layout()
    if not isinstance(box, QVBoxLayout):
        if box is None and widget.hasHeightForWidth():
            return widget.heightForWidth(width)
        return max(widget.minimumSizeHint().height(), widget.minimumHeight())
    margins = box.contentsMargins()
    inner = width - margins.left() - margins.right()
    heights = []
    for i in range(box.count()):
        item = box.itemAt(i)
        if item.widget() is not None:
            if item.widget().isHidden():
                continue
            heights.append(least_height(item.widget(), inner))
        elif item.layout() is not None:
            child = item.layout()
            heights.append(child.heightForWidth(inner) if child.hasHeightForWidth() else child.minimumSize().height())
    return sum(heights) + box.spacing() * max(len(heights) - 1, 0) + margins.top() + margins.bottom()


class SteadyLabel(QLabel):
    """A word-wrapped label as tall as the tallest of the texts it will show (``reserve``, up
    to RESERVE_LINES lines), so what sits below it keeps its place while the text changes hop
    by hop; a text taller still gets its own height, never less."""

    RESERVE_LINES = 4

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignLeft | Qt.AlignTop)   # the reserve is below the text, not around it
        self._texts: list[str] = []
        self._probe = QLabel()
        self._probe.setWordWrap(True)
        self._tallest: dict[tuple[int, str], int] = {}   # (width, font key) -> height; a layout asks at a few widths

    def reserve(self, texts) -> None:
        self._texts = list(texts)
        self._tallest.clear()
        self.updateGeometry()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        own = super().heightForWidth(width)
        if not self._texts:
            return own
        key = (width, self.font().key())
        tallest = self._tallest.get(key)
        if tallest is None:   # measured once per width and type size, never per hop
            probe = self._probe
            probe.setFont(self.font())
            probe.setTextFormat(self.textFormat())
            tallest = 0
            for text in self._texts:
                probe.setText(text)
                tallest = max(tallest, probe.heightForWidth(width))
            # the reserve stops at RESERVE_LINES: a rare long hop may grow the label for
            # itself rather than leave three blank lines under every other hop at projector type
            tallest = min(tallest, math.ceil(QFontMetricsF(self.font()).lineSpacing() * self.RESERVE_LINES))
            if len(self._tallest) > 16:
                self._tallest.clear()
            self._tallest[key] = tallest
        return max(own, tallest)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self._tallest.clear()
            self.updateGeometry()


class FlowPanel(Panel):
    key = "flow"
    title = QT_TRANSLATE_NOOP("Panels", "Flow")
    shortcut = "Ctrl+2"
    render_options = ("flow", "at")

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.run = state.flow
        self.plots = None
        self._fit_pending = False
        self._fitted_width = -1
        self._build()
        self.run.events.flow.connect(lambda _r: self._on_flow())
        self.run.events.hop.connect(self._on_hop)
        self.run.events.frame.connect(self._on_frame)
        self.run.clock.subscribe(lambda _c: self._sync_play_button())
        state.events.library.connect(lambda _r: self._fill_picker())
        if self.run.flow is not None:
            self._on_flow()

    # widgets ---------------------------------------------------------------------------------
    def _button(self, text: str, name: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        run = self.run
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.picker = QComboBox()
        self.picker.setAccessibleName(QCoreApplication.translate("FlowPanel", "Flow"))
        self._fill_picker()
        self.picker.currentIndexChanged.connect(lambda _i: run.load(self.picker.currentData()))
        self.pue = QComboBox()
        self.pue.setAccessibleName(QCoreApplication.translate("FlowPanel", "PUE"))
        for ident, label in run.pue_choices():
            self.pue.addItem(label, ident)
        self.pue.currentIndexChanged.connect(lambda _i: run.set_pue(self.pue.currentData()))
        self.compare = QComboBox()
        self.compare.setAccessibleName(QCoreApplication.translate("FlowPanel", "Compare with"))
        self.compare.currentIndexChanged.connect(lambda _i: run.set_compare(self.compare.currentData()))
        # One picker a row: at projector type in a narrow panel a shared row cut their text.
        for row, (label, combo) in enumerate(((QCoreApplication.translate("FlowPanel", "Flow"), self.picker),
                                              (QCoreApplication.translate("FlowPanel", "Facility"), self.pue),
                                              (QCoreApplication.translate("FlowPanel", "Compare"), self.compare))):
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(combo, row, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)

        transport = QGridLayout()   # two rows of three: the buttons keep their words
        self.restart_button = self._button(QCoreApplication.translate("FlowPanel", "Restart"), QCoreApplication.translate("FlowPanel", "Restart"), QCoreApplication.translate("FlowPanel", "Restart (Home)"), run.restart)
        self.back_button = self._button(QCoreApplication.translate("FlowPanel", "◀ Back"), QCoreApplication.translate("FlowPanel", "Step back"), QCoreApplication.translate("FlowPanel", "Step back (←)"), lambda: run.step(-1))
        self.play_button = self._button(QCoreApplication.translate("FlowPanel", "Play"), QCoreApplication.translate("FlowPanel", "Play or pause"), QCoreApplication.translate("FlowPanel", "Play or pause (Space)"), run.toggle)
        self.forward_button = self._button(QCoreApplication.translate("FlowPanel", "Next ▶"), QCoreApplication.translate("FlowPanel", "Step forward"), QCoreApplication.translate("FlowPanel", "Step forward (→)"),
                                           lambda: run.step(1))
        self.speed = QComboBox()
        self.speed.setAccessibleName(QCoreApplication.translate("FlowPanel", "Speed"))
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda _i: run.clock.set_speed(self.speed.currentData()))
        self.csv_button = self._button(QCoreApplication.translate("FlowPanel", "CSV…"), QCoreApplication.translate("FlowPanel", "Export the timeline as CSV"),
                                       QCoreApplication.translate("FlowPanel", "Export the timeline as CSV (what simulate --csv writes)"),
                                       lambda: self.export_csv())
        for i, w in enumerate((self.restart_button, self.back_button, self.play_button, self.forward_button,
                               self.speed, self.csv_button)):
            transport.addWidget(w, i // 3, i % 3)
        layout.addLayout(transport)

        self.now = SteadyLabel()   # as tall as its longest hop: the list below never jumps
        self.now.setAccessibleName(QCoreApplication.translate("FlowPanel", "Now playing"))
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setTextFormat(Qt.RichText)
        self.totals.setAccessibleName(QCoreApplication.translate("FlowPanel", "Totals"))
        for w in (self.now, self.totals):
            layout.addWidget(w)

        self.split = QSplitter(Qt.Vertical)
        self.split.setChildrenCollapsible(False)
        self.events = EventList()
        self.events.setMinimumHeight(90)
        self.events.itemClicked.connect(self._on_event_clicked)
        self.events.itemActivated.connect(self._on_event_clicked)
        self.split.addWidget(self.events)
        # tabs that wrap onto a second row: three names at projector type in a third of a
        # 1280-px screen scrolled "Headers" out of a QTabBar
        self.tabs = StripTabs(QCoreApplication.translate("FlowPanel", "Flow views"))
        self.tabs.addTab(self._time_page(), QCoreApplication.translate("FlowPanel", "Where the time goes"))
        self.energy_page = QWidget()
        energy_box = QVBoxLayout(self.energy_page)
        energy_box.setContentsMargins(0, 2, 0, 0)
        self.energy_note = QLabel()   # the meter's energy split into IT and PUE overhead
        self.energy_note.setWordWrap(True)
        self.energy_note.setTextFormat(Qt.RichText)
        self.energy_note.setAccessibleName(QCoreApplication.translate("FlowPanel", "Energy split"))
        energy_box.addWidget(self.energy_note)
        # A struck fault's own series (inlet temperature…) shares the Energy tab: one plot at a
        # time, chosen here (a fourth tab pushed the others out of a projector's narrow bar).
        self.energy_switch = QWidget()
        switch_row = QHBoxLayout(self.energy_switch)
        switch_row.setContentsMargins(0, 0, 0, 0)
        self.per_hop_button = QPushButton(QCoreApplication.translate("FlowPanel", "Energy per hop"))
        self.fault_button = QPushButton(QCoreApplication.translate("FlowPanel", "What the fault changes"))
        self.fault_button.setToolTip(QCoreApplication.translate(
            "FlowPanel", "What a struck fault changes over the simulated time, such as the inlet air temperature"))
        self.energy_choice = QButtonGroup(self)
        for button in (self.per_hop_button, self.fault_button):
            button.setCheckable(True)
            button.setAccessibleName(button.text())
            self.energy_choice.addButton(button)
            switch_row.addWidget(button)
        switch_row.addStretch(1)
        self.fault_button.setChecked(True)     # a fault's series is what the student struck it for
        self.energy_choice.buttonToggled.connect(lambda _b, on: on and self._show_energy_choice())
        self.energy_switch.setVisible(False)
        energy_box.addWidget(self.energy_switch)
        self.tabs.addTab(self.energy_page, QCoreApplication.translate("FlowPanel", "Energy"))
        from desktop.ui.pdu_view import PduView

        self.headers = PduView()
        self.tabs.addTab(self.headers, QCoreApplication.translate("FlowPanel", "Headers"))
        self.tabs.setTabToolTip(0, QCoreApplication.translate("FlowPanel", "Each hop against true simulated time; scroll the wheel to zoom"))
        self.tabs.setTabToolTip(1, QCoreApplication.translate("FlowPanel", "Energy per hop (IT and the overhead PUE adds) and the running total"))
        self.tabs.setTabToolTip(2, QCoreApplication.translate("FlowPanel", "The headers the current hop's bytes carry, outermost first, with their OSI layers"))
        self.split.addWidget(self.tabs.holder)
        self.tabs.currentChanged.connect(lambda _i: self._fit_views_soon())
        self.split.setStretchFactor(0, 2)   # rows of two lines: the list needs nearly as much as the views
        self.split.setStretchFactor(1, 3)
        self.split.setSizes([2000, 3000])
        layout.addWidget(self.split, 1)

    def _time_page(self) -> QWidget:
        from desktop.ui.waterfall import WaterfallView

        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 2, 0, 0)
        self.milestones = QLabel()
        self.milestones.setWordWrap(True)
        self.milestones.setTextFormat(Qt.RichText)
        self.milestones.setAccessibleName(QCoreApplication.translate("FlowPanel", "Milestones"))
        self.words = QLabel()
        self.words.setWordWrap(True)
        self.words.setAccessibleName(QCoreApplication.translate("FlowPanel", "What changed"))
        self.zoom_in = self._button(QCoreApplication.translate("FlowPanel", "+"), QCoreApplication.translate("FlowPanel", "Zoom in"),
                                    QCoreApplication.translate("FlowPanel", "Zoom in around the now cursor (or scroll the wheel)"),
                                    lambda: self.waterfall.zoom(ZOOM))
        self.zoom_out = self._button(QCoreApplication.translate("FlowPanel", "−"), QCoreApplication.translate("FlowPanel", "Zoom out"),
                                     QCoreApplication.translate("FlowPanel", "Zoom out around the now cursor"),
                                     lambda: self.waterfall.zoom(1 / ZOOM))
        self.fit_button = self._button(QCoreApplication.translate("FlowPanel", "Whole run"), QCoreApplication.translate("FlowPanel", "Show the whole run"),
                                       QCoreApplication.translate("FlowPanel", "Zoom out to the whole request"),
                                       lambda: self.waterfall.fit())
        # the zoom buttons share a row with the milestones, inside the page: in the tab bar's
        # corner they pushed the other tabs out of sight at projector type
        row = QHBoxLayout()
        row.addWidget(self.milestones, 1)
        row.addStretch(0)          # with no milestones to show, the buttons keep to the right
        for w in (self.zoom_in, self.zoom_out, self.fit_button):
            w.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Fixed)
            row.addWidget(w, 0, Qt.AlignTop)
        box.addLayout(row)
        box.addWidget(self.words)  # what a comparison changes, the page's whole width
        self.waterfall = WaterfallView()
        self.waterfall.setMinimumHeight(60)   # it scrolls; the words above it may not be squeezed
        box.addWidget(self.waterfall, 1)
        return page

    def _fill_picker(self) -> None:
        """The flows a student can pick (shipped and their library's), again on a library change."""
        current = self.run.flow.id if self.run.flow is not None else self.picker.currentData()
        self.picker.blockSignals(True)
        self.picker.clear()
        for ident in self.run.flow_ids():
            self.picker.addItem(flow_title(ident), ident)
        index = self.picker.findData(current) if current else -1
        if index < 0:
            index = self.picker.findData(DEFAULT_FLOW)
        self.picker.setCurrentIndex(max(index, 0))
        self.picker.blockSignals(False)

    # the views' height --------------------------------------------------------------------------
    def _fit_views_soon(self) -> None:
        """Fit the views' height once the layout has settled (coalesced)."""
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._fit_views)

    def _fit_views(self) -> None:
        """The views' tabs ask the splitter for the height their words need at their width:
        a splitter knows no height-for-width, so it split evenly and squeezed the milestones
        and the comparison's words under the waterfall. The page in front counts (again on a
        tab change): asking for the tallest page's needs pushed a 720-line screen's panel past
        its bottom edge. The event list gives way, down to its minimum."""
        self._fit_pending = False
        width = self.tabs.holder.width()
        need = least_height(self.tabs.currentWidget(), width) + self.tabs.strip.heightForWidth(width)
        if need != self.tabs.holder.minimumHeight():
            self.tabs.holder.setMinimumHeight(need)
        self._fitted_width = width

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.tabs.holder.width() != self._fitted_width:
            self._fit_views_soon()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self._fit_views_soon()

    def shown(self) -> None:
        """The Flow tab never opens empty: Netflix (else the first flow) is loaded, ready to play."""
        if self.run.flow is None:
            ids = self.run.flow_ids()
            self.run.load("netflix-play" if "netflix-play" in ids else self.picker.currentData())

    def ensure_plots(self) -> None:
        if self.plots is None:
            from desktop.ui.flow_plots import FlowPlots
            from desktop.ui.theme import resolve

            self.plots = FlowPlots(resolve(self.state.theme))
            self.energy_page.layout().addWidget(self.plots, 1)
            self._colour_waterfall(resolve(self.state.theme))

    def set_theme(self, theme) -> None:
        if self.plots is not None:
            self.plots.apply_theme(theme)
        self._colour_waterfall(theme)

    def _colour_waterfall(self, theme) -> None:
        from desktop.ui.theme import OKABE_ITO

        self.waterfall.set_colours(
            {"text": theme.text, "muted": theme.muted, "grid": theme.border, "cursor": theme.selection,
             "compare": theme.muted, "background": theme.surface, "outline": theme.text}, OKABE_ITO)

    def apply_render(self, args) -> None:
        if getattr(args, "flow", None):
            self.run.load(args.flow)
            if getattr(args, "at", None) is not None:
                self.run.seek(float(args.at))

    def show_view(self, name: str) -> None:
        """Bring one of the views to the front: "time", "energy", "headers", or "fault" (the
        Energy tab on the fault's own series, when a struck fault brings one)."""
        if name in ("energy", "fault"):
            (self.fault_button if name == "fault" else self.per_hop_button).setChecked(True)
        self.tabs.setCurrentIndex(TABS.index("energy" if name == "fault" else name))

    def _show_energy_choice(self) -> None:
        """One plot on the Energy tab: the energy per hop, or a struck fault's own series."""
        if self.plots is None:
            return
        faulty = bool(self.run.timeline is not None and self.run.timeline.series)
        self.energy_switch.setVisible(faulty)
        on_fault = faulty and self.fault_button.isChecked()
        self.plots.energy.setVisible(not on_fault)
        self.plots.fault.setVisible(on_fault)
        self._fit_views_soon()

    # state -> widgets ------------------------------------------------------------------------
    def _on_flow(self) -> None:
        run = self.run
        if run.flow is None:
            self.events.clear()
            self.now.reserve(())
            self.totals.setText("")
            self.now.setText(QCoreApplication.translate("FlowPanel", "Choose a flow above, then press Space to play it."))
            return
        self._select_quietly(self.picker, run.flow.id)
        self.compare.blockSignals(True)
        self.compare.clear()
        self.compare.addItem(QCoreApplication.translate("FlowPanel", "No comparison"), None)
        for choice in run.compare_choices():
            self.compare.addItem(QCoreApplication.translate("FlowRun", choice.label), choice.option)
        self.compare.setCurrentIndex(max(0, self.compare.findData(run.compare_option)))
        self.compare.blockSignals(False)
        self._select_quietly(self.pue, run.pue)
        self.ensure_plots()
        self.events.fill(run.timeline, self.state.stack)
        self.now.reserve(self._now_text(i) for i in range(-1, len(run.timeline.events)))
        self.plots.set_timeline(run.timeline, run.compare)
        self._show_energy_choice()
        fall, other, words = run.waterfalls()
        if fall is not None:
            self.waterfall.set_waterfall(fall, other, None)
        # above the waterfall: when the milestones fall, then what a comparison changes
        ms = self._milestones(run.timeline)
        self.milestones.setText(ms)
        self.milestones.setVisible(bool(ms))
        self.words.setText(words)
        self.words.setVisible(bool(words))
        self._show_totals()
        self._fit_views_soon()
        # how playback's pace relates to true time: where a student looks when it feels odd
        self.speed.setToolTip(run.clock.scale_note)
        self.play_button.setToolTip(QCoreApplication.translate("FlowPanel", "Play or pause (Space)") + "\n" + run.clock.scale_note)
        self._on_hop(run.clock.event_index)

    @staticmethod
    def _select_quietly(combo: QComboBox, data) -> None:
        index = combo.findData(data)
        if index >= 0 and index != combo.currentIndex():
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

    def _line(self, tl) -> str:
        """The four numbers per request, in short parts that each keep together: a narrow
        panel wraps between parts, so projector type reads as short lines."""
        meter = energy_texts(tl.energy_j)[0]
        parts = (QCoreApplication.translate("FlowPanel", "<b>{latency}</b> end to end").format(latency=format_seconds(tl.latency_s)),
                 QCoreApplication.translate("FlowPanel", "<b>{meter}</b> at the meter").format(meter=meter),
                 QCoreApplication.translate("FlowPanel", "water <b>{water}</b>").format(water=water_text(tl.water_ml)),
                 QCoreApplication.translate("FlowPanel", "carbon <b>{co2} CO₂e</b> per request").format(co2=grams_text(tl.co2_g)))
        return SEPARATOR.join(keep_together(p) for p in parts)

    @staticmethod
    def _milestones(tl) -> str:
        """The flow's milestones ("First frame on screen 226 ms · …"), each kept on one line."""
        return SEPARATOR.join(keep_together(html.escape(f"{tl.milestone_labels.get(k, k)} {format_seconds(v)}"))
                              for k, v in tl.milestones.items())

    def _energy_split(self, tl) -> str:
        total = tl.energy_j
        it = tl.power.energy_it_j()
        meter, it_text, over = energy_texts(total, it, total - it)
        return QCoreApplication.translate("FlowPanel", "<b>{meter}</b> at the meter = {it} IT + {over} PUE overhead").format(
            meter=meter, it=keep_together(it_text), over=keep_together(over))

    def _show_totals(self) -> None:
        """The totals stay a few lines (the numbers, a struck fault's effect, a chosen
        comparison); the milestones sit above the waterfall, the IT/overhead split above the
        energy plot, and the whole story, with the estimate note, is the tooltip."""
        run = self.run
        tl = run.timeline
        lines = [self._line(tl)]
        for spec in self.state.faults:
            found = run.fault_impact(spec.id)
            if found is not None:
                lines.append("⚡ " + QCoreApplication.translate("FlowPanel", "<b>{fault}</b>: {words}").format(fault=spec.id, words=found.words))
        if run.compare is not None and run.compare_option is not None:
            # (with only faults on, the comparison is the healthy run: the fault lines and the
            # words above the waterfall already say what changed)
            other = run.compare
            lines.append("<u>" + QCoreApplication.translate("FlowPanel", "Compared with {label}:").format(
                label=QCoreApplication.translate("FlowRun", run.compare_label())) + "</u> "
                + SEPARATOR.join(keep_together(p) for p in (
                    format_seconds(other.latency_s), energy_texts(other.energy_j)[0], water_text(other.water_ml),
                    QCoreApplication.translate("FlowPanel", "{co2} CO₂e").format(co2=grams_text(other.co2_g)))))
        self.totals.setText("<br>".join(lines))
        split = self._energy_split(tl)
        self.energy_note.setText(split)
        self.energy_note.setToolTip(QCoreApplication.translate(
            "FlowPanel", "What the servers, network and storage draw (IT), and what the building adds on top to cool "
                         "them and convert their power (the overhead PUE measures). Bars: each hop; line: the running "
                         "total."))
        tip = lines[:1] + [t for t in (split, self._milestones(tl)) if t] + lines[1:]
        if tl.estimate:
            tip.append("<i>" + QCoreApplication.translate("FlowPanel", "Some hops use engineering estimates (grade C), marked in the list.") + "</i>")
        self.totals.setToolTip("<br>".join(tip))

    def _on_hop(self, index: int) -> None:
        timeline = self.run.timeline
        if timeline is None:
            return
        if index < 0:
            self.now.setText(self._now_text(index))
            self.events.clearSelection()
            self._show_headers(0)
            return
        self.now.setText(self._now_text(index))
        item = self.events.topLevelItem(index)
        if item is not None:
            self.events.blockSignals(True)
            self.events.setCurrentItem(item)
            self.events.blockSignals(False)
        self._show_headers(index)
        if 0 <= index < len(self.waterfall.bars):      # the current hop's row stays in sight
            self.waterfall.ensureVisible(self.waterfall.bars[index], 0, 4)

    def _now_text(self, index: int) -> str:
        timeline = self.run.timeline
        if index < 0:
            return QCoreApplication.translate("FlowPanel", "<b>{title}</b> — press Space to play").format(title=timeline.title)
        e = timeline.events[index]
        return (QCoreApplication.translate("FlowPanel", "<b>{n}. {label}</b> — {explain}<br>at {start}; adds {adds}; running total {total}")
                .format(n=index, label=e.label, explain=e.explain, start=format_seconds(e.start),
                        adds=format_seconds(e.latency_s), total=format_seconds(timeline.elapsed(index))))

    def _show_headers(self, index: int) -> None:
        events = self.run.timeline.events
        if not events:
            return
        e = events[max(index, 0)]
        self.headers.set_pdu(e.pdu or (), f"{max(index, 0)}. {e.label}")
        if not e.pdu:
            self.headers.caption.setText(QCoreApplication.translate(
                "FlowPanel", "{n}. {label} runs inside {where}, not on the wire, so its data carries no packet headers. "
                             "Step to a network hop (layer 2) to see them.").format(
                n=max(index, 0), label=e.label, where=self.state.stack.label(Ref.component(e.component))))

    def _on_frame(self, frame) -> None:
        if self.plots is not None:
            self.plots.update_cursor(frame.index, frame.progress, frame.sim_time)
        view = self.waterfall
        view.set_now(frame.sim_time)
        left, right = view.t0, view.t_of(max(view.viewport().width(), 1))
        if self.run.playing and not left <= frame.sim_time <= right:   # zoomed in: page along
            span = right - left
            view.show_range(frame.sim_time - 0.1 * span, frame.sim_time + 0.9 * span)

    def _sync_play_button(self) -> None:
        self.play_button.setText(QCoreApplication.translate("FlowPanel", "Pause") if self.run.clock.playing else QCoreApplication.translate("FlowPanel", "Play"))

    # widgets -> state ------------------------------------------------------------------------
    def _on_event_clicked(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        self.run.seek_event(self.events.indexOfTopLevelItem(item))

    def export_csv(self, path=None) -> None:
        """The timeline as CSV, the rows ``simulate --csv`` writes."""
        from pathlib import Path

        from desktop.commands.simulate import write_csv

        if self.run.timeline is None:
            return
        path = Path(path) if path else self.save_path(
            QCoreApplication.translate("FlowPanel", "Export the timeline"), f"{self.run.flow.id}.csv",
            QCoreApplication.translate("FlowPanel", "CSV (*.csv)"))
        if path:
            write_csv(self.run.timeline, path)
            self.state.status(QCoreApplication.translate("FlowPanel", "Saved {path}").format(path=path))
