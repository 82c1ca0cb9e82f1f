"""Flow mode in the window: stepping the clock moves the token, relights the column, moves the
waterfall's now cursor and the header inspector; totals read as a person reads them."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.sim.flows import flow_ids
from desktop.core.stack.ref import Ref
from desktop.ui.flow_panel import VIEWS


@pytest.fixture
def flow_window(window):
    window.show_panel("flow")
    return window


def lit(window, flag: str) -> frozenset[str]:
    return frozenset(r for r, i in window.scene.items_by_ref.items() if getattr(i.state, flag))


def test_the_flow_tab_opens_with_netflix_ready(flow_window) -> None:
    panel = flow_window.panel("flow")
    run = flow_window.state.flow
    assert run.loaded and run.flow.id == "netflix-play"
    assert panel.events.topLevelItemCount() == len(run.timeline.events)
    assert panel.plots is not None
    assert len(panel.waterfall.bars) == len(run.timeline.events)
    assert panel.tabs.tabText(panel.tabs.currentIndex()) == "Where the time goes"


def test_stepping_moves_the_token_and_plots(flow_window) -> None:
    run = flow_window.state.flow
    run.load("chatbot-prompt")
    plots = flow_window.panel("flow").plots
    token = flow_window.scene.token
    assert token.isVisible()
    start = token.pos()
    positions, cursors, actives = [], [], []
    for _ in range(6):
        run.step(1)
        positions.append((token.pos().x(), token.pos().y()))
        cursors.append(flow_window.panel("flow").waterfall.now)
        actives.append(lit(flow_window, "active"))
    assert len(set(positions)) > 2, "the token must travel"
    assert (start.x(), start.y()) != positions[-1]
    assert cursors == sorted(cursors) and cursors[-1] > cursors[0]
    assert all(actives) and len(set(actives)) > 2
    event = run.timeline.events[run.clock.event_index]
    assert Ref.component(event.component) in actives[-1]
    assert len(plots.total_so_far.getData()[0]) == run.clock.event_index + 1


def test_playback_is_driven_by_explicit_time(flow_window) -> None:
    run = flow_window.state.flow
    run.load("netflix-play")
    run.play()
    times = []
    for _ in range(40):
        run.advance(0.1)
        times.append(run.clock.sim_time)
    assert times == sorted(times) and times[-1] > times[0]
    run.step(-1)
    assert not run.clock.playing


def test_the_frame_timer_runs_only_while_playing(flow_window) -> None:
    run = flow_window.state.flow
    player = flow_window.binding.player
    run.load("card-payment")
    assert not player.timer.isActive()
    run.play()
    assert player.timer.isActive()
    run.pause()
    assert not player.timer.isActive()


def test_event_list_click_seeks(flow_window) -> None:
    panel = flow_window.panel("flow")
    flow_window.state.flow.load("page-load-cold-start")
    panel._on_event_clicked(panel.events.topLevelItem(5))
    assert flow_window.state.flow.clock.event_index == 5
    assert panel.events.currentItem() is panel.events.topLevelItem(5)


def test_compare_overlays_a_second_run(flow_window) -> None:
    panel = flow_window.panel("flow")
    run = flow_window.state.flow
    run.load("chatbot-prompt")
    panel.compare.setCurrentIndex(panel.compare.findData("pue"))
    assert run.compare is not None and run.compare.energy_j < run.timeline.energy_j
    assert len(panel.plots.total_b.getData()[0]) > 0
    assert "Compared with" in panel.totals.text()
    assert any(g.isVisible() for g in panel.waterfall.ghosts)     # two runs, aligned per hop
    assert panel.words.isVisibleTo(panel) and "Hyperscale" in panel.words.text()


def test_pue_labels_come_from_the_figures(flow_window, figures) -> None:
    panel = flow_window.panel("flow")
    labels = [panel.pue.itemText(i) for i in range(panel.pue.count())]
    assert any(f"{figures['pue.google']:g}" in label for label in labels)
    assert any(f"{figures['pue.industry']:g}" in label for label in labels)


@pytest.mark.parametrize("ident", flow_ids())
def test_every_flow_plays_to_the_end_and_back(flow_window, ident) -> None:
    run = flow_window.state.flow
    run.load(ident)
    n = len(run.timeline.events)
    for _ in range(n + 2):
        run.step(1)
    assert run.clock.event_index == n - 1
    for _ in range(n + 2):
        run.step(-1)
    assert run.clock.event_index <= 0


def test_the_waterfall_is_linear_and_zooms(flow_window) -> None:
    panel = flow_window.panel("flow")
    run = flow_window.state.flow
    run.load("chatbot-prompt")
    view = panel.waterfall
    widths = {row.hop_id: bar.rect().width() for row, bar in zip(view.fall.rows, view.bars)}
    durations = {row.hop_id: row.duration_s for row in view.fall.rows}
    longest = max(durations, key=durations.get)
    second = sorted(durations, key=durations.get)[-2]
    # linear: bar widths keep the ratio of the times (a log axis would squash it)
    assert widths[longest] / widths[second] == pytest.approx(durations[longest] / durations[second], rel=0.05)
    before = view.px_per_s
    panel.zoom_in.click()
    assert view.px_per_s == pytest.approx(2 * before)
    panel.fit_button.click()
    assert view.px_per_s == pytest.approx(before)


def test_playback_moves_the_now_cursor(flow_window) -> None:
    panel = flow_window.panel("flow")
    run = flow_window.state.flow
    run.load("card-payment")
    run.play()
    run.advance(0.2)
    assert panel.waterfall.now == pytest.approx(run.clock.sim_time)
    x = panel.waterfall.cursor_line.line().x1()
    assert x == pytest.approx(panel.waterfall.x_of(run.clock.sim_time))


def test_headers_follow_the_hop_with_osi_numbers(flow_window) -> None:
    panel = flow_window.panel("flow")
    run = flow_window.state.flow
    run.load("netflix-play")
    wire = next(e.index for e in run.timeline.events if e.pdu)
    off = next(e.index for e in run.timeline.events if not e.pdu)
    run.seek_event(wire)
    shown = panel.headers.headers()
    assert shown == [(h.osi, h.name) for h in run.timeline.events[wire].pdu]
    assert [osi for osi, _name in shown] == sorted(osi for osi, _name in shown)   # outermost first
    run.seek_event(off)
    assert panel.headers.headers() == [] and "no packet headers" in panel.headers.caption.text()


def test_totals_read_as_a_person_reads_them(flow_window) -> None:
    panel = flow_window.panel("flow")
    run = flow_window.state.flow
    run.load("chatbot-prompt")
    first = panel.totals.text().split("<br>")[0].replace("\u00a0", " ")   # parts keep together
    assert "Wh" in first and " J " not in first and "mJ" not in first
    assert "mL" in first and "CO₂e" in first
    split = panel.energy_note.text()                  # IT + overhead, in the meter's unit
    assert "IT" in split and "PUE overhead" in split and "Wh" in split and " J " not in split
    run.load("netflix-play")
    first = panel.totals.text().split("<br>")[0].replace("\u00a0", " ")
    assert "Wh" not in first and "J" in first
    assert "First frame on screen" in panel.milestones.text().replace("\u00a0", " ")


def test_a_fault_shows_its_impact_in_words(flow_window) -> None:
    panel = flow_window.panel("flow")
    s = flow_window.state
    s.flow.load("chatbot-prompt")
    s.set_fault("chiller-trip", True)
    words = s.flow.fault_impact("chiller-trip").words
    assert "at decode" in words and "energy per request" in words
    assert words in panel.totals.text()
    assert "With the faults" in panel.words.text()
    panel.show_view("fault")                          # the inlet temperature, on the Energy tab
    assert s.flow.timeline.series and panel.tabs.currentWidget() is panel.energy_page
    assert not panel.plots.fault.isHidden() and panel.plots.energy.isHidden()
    assert not panel.energy_switch.isHidden()
    panel.per_hop_button.click()                      # one plot at a time, the student's choice
    assert panel.plots.fault.isHidden() and not panel.plots.energy.isHidden()
    s.clear_faults()
    assert panel.energy_switch.isHidden() and not panel.plots.energy.isHidden() and panel.plots.fault.isHidden()


def test_the_picker_follows_the_library(flow_window) -> None:
    panel = flow_window.panel("flow")
    s = flow_window.state
    s.flow.load("card-payment")
    panel.picker.clear()
    s.events.library.emit(None)
    assert panel.picker.count() == len(s.flow.flow_ids())
    assert panel.picker.currentData() == "card-payment"


def test_nothing_needs_scrolling_at_1280_by_720(window, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    window.resize(1280, 720)
    window.show()
    panel = window.show_panel("flow")
    QApplication.processEvents()
    assert panel.height() <= 720
    for widget in (panel.totals, panel.events, panel.tabs, panel.play_button):
        top_left = widget.mapTo(panel, widget.rect().topLeft())
        assert top_left.y() >= 0 and top_left.y() + widget.height() <= panel.height() + 1, widget
    assert panel.events.height() >= 80 and panel.waterfall.height() >= 90


def _cut_cells(view) -> list:
    from desktop.ui import audit

    return [f for f in audit.audit_widgets(view.parentWidget(), "test") if f.kind != "contrast"]


@pytest.mark.parametrize("ident", flow_ids())
def test_no_event_cell_is_cut_at_any_width_or_type_size(flow_window, qtbot, ident) -> None:
    """Every cell of every flow's event list holds its whole text at the panel widths and type
    sizes of a 1280×720 projector (16 px), a 1920×1080 one (24 px) and a desktop (13 px), and
    again after each change: rows are measured again when the width or the font changes."""
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
    from desktop.ui.flow_panel import EventList

    run = flow_window.state.flow
    run.load(ident)
    host = QWidget()
    QVBoxLayout(host).addWidget(events := EventList())
    qtbot.addWidget(host)
    events.fill(run.timeline, flow_window.state.stack)
    assert events.textElideMode() == Qt.ElideNone and events.wordWrap()
    rows = len(run.timeline.events)
    font = events.font()
    heights = {}
    sizes = ((420, 16), (640, 24), (760, 13), (420, 16))
    for width, px in sizes:
        font.setPixelSize(px)
        events.setFont(font)
        host.resize(width, 80 * rows)                 # tall enough that every row is on screen
        host.show()
        qtbot.waitExposed(host)
        QApplication.processEvents()
        QApplication.processEvents()
        assert _cut_cells(events) == [], f"{width} px at {px} px type"
        heights[(width, px)] = [events.visualItemRect(events.topLevelItem(i)).height() for i in range(rows)]
    assert sum(heights[(420, 16)]) > sum(heights[(760, 13)]), "rows grow to their text"


def test_the_event_list_is_not_laid_out_per_frame(flow_window) -> None:
    """Playback moves the current row and changes the now-playing text only: rows and the
    label's reserved height are measured again on a width or font change, never per hop."""
    from PySide6.QtWidgets import QApplication

    panel = flow_window.panel("flow")
    run = flow_window.state.flow
    run.load("netflix-play")
    QApplication.processEvents()
    refits, measured = [], []
    panel.events.refit = lambda: refits.append(1)
    probe_set = panel.now._probe.setText               # the now label measures its texts once
    panel.now._probe.setText = lambda text: (measured.append(text), probe_set(text))
    run.play()
    for _ in range(120):
        run.advance(1 / 60)
        QApplication.processEvents()
    assert run.clock.event_index > 1 and refits == [] and measured == []
    item = panel.events.currentItem()
    assert item is panel.events.topLevelItem(run.clock.event_index)
    run.seek_event(len(run.timeline.events) - 1)      # the current row is scrolled into sight
    rect = panel.events.visualItemRect(panel.events.currentItem())
    assert panel.events.viewport().rect().intersects(rect)
    panel.events.resize(panel.events.width() - 60, panel.events.height())
    QApplication.processEvents()
    assert refits, "a narrower text column lays the rows out again"
    refits.clear()
    font = panel.events.font()
    font.setPixelSize(font.pixelSize() + 4 if font.pixelSize() > 0 else 20)
    panel.events.setFont(font)
    assert refits, "so does a new type size"


@pytest.mark.parametrize("presenter", [False, True], ids=["desktop", "presenter"])
def test_the_flow_panel_cuts_nothing_at_1280_by_720(window, qtbot, presenter) -> None:
    """The busy flow (mid-play, a fault on, its healthy run compared) at a 1280×720 screen:
    no label, cell, button or plot text in the Flow panel is cut, in any of its views, in
    desktop or presenter type; the current hop's row is in sight."""
    from PySide6.QtWidgets import QApplication
    from desktop.ui import audit

    window.resize(1280, 720)
    window.show()
    panel = window.show_panel("flow")
    s = window.state
    s.flow.load("netflix-play")
    s.set_fault("chiller-trip", True)
    s.flow.seek(float(s.flow.timeline.events[len(s.flow.timeline.events) // 2].start))
    if presenter:
        window.presenter.enter(fullscreen=False)       # as ``render --presenter`` does
    found = []
    for view in VIEWS:                                 # each of the views, brought to the front
        panel.show_view(view)
        for _ in range(3):
            QApplication.processEvents()
        found += [f for f in audit.audit_widgets(panel, view) if f.kind != "contrast"]
    current = panel.events.visualItemRect(panel.events.currentItem())
    in_sight = panel.events.viewport().rect().adjusted(0, -1, 0, 1).contains(current)   # (the row's grid pixel)
    window.presenter.leave()
    assert found == [], "\n".join(map(str, found))
    assert in_sight, "the current hop's row is in sight"

