"""The scale view: the column on its side, from megawatts at the meter to tokens.

The strip reads left to right like the stack reads bottom to top: the meter's megawatts (layer 0)
split into overhead and IT power, IT power becomes racks, systems and accelerators (layer 1), the
software layers 2–7 ride on them, and layer 8 turns accelerator power into tokens and prompts (or
a training run into days). A ribbon whose width follows the megawatts shows where the power goes.
Every number comes from ``desktop.core.scale.sizing``; the view only draws it.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QRadioButton, QSlider, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.ui.fonts import pixel_font
from desktop.ui.panel import Panel
from desktop.ui.theme import OKABE_ITO, Theme

if TYPE_CHECKING:
    from desktop.app.state import AppState


def _fmt(value: float | None, unit: str) -> str:
    if value is None or not math.isfinite(value):   # e.g. no rack can be cooled: nothing to count
        return "—"
    if abs(value) >= 1e15:  # FLOPs of a training run: powers of ten read better than words
        exponent = len(str(int(abs(value)))) - 1
        digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
        power = "".join(digits[int(c)] for c in str(exponent))
        return f"{value / 10 ** exponent:.3g} × 10{power} {unit}"
    if unit in ("tokens/s", "prompts/day", "FLOPs", "GPU-hours", "accelerator-hours") or abs(value) >= 1e6:
        for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if abs(value) >= scale:
                return f"{value / scale:.3g} {word} {unit}"
    if abs(value) >= 1000:
        return f"{value:,.0f} {unit}"
    return f"{value:.3g} {unit}"


def _fit(p: QPainter, text: str, width: float, px: float, *, bold: bool = False, low: float = 9.0) -> None:
    """Set the largest font (at most ``px``) at which ``text`` fits ``width``."""
    font = pixel_font(px, bold=bold)
    p.setFont(font)
    while px > low and p.fontMetrics().horizontalAdvance(text) > width:
        px -= 1
        p.setFont(pixel_font(px, bold=bold))


class StepsTable(QTableWidget):
    """The scale's steps, one row each: layer, what it is with the figures it rests on beneath
    (wrapped: rows grow to their text, nothing is cut) and the value."""

    def __init__(self) -> None:
        super().__init__(0, 3)
        self.setAccessibleName(QCoreApplication.translate("ScalePanel", "Scale steps"))
        self.setHorizontalHeaderLabels([QCoreApplication.translate("ScalePanel", "layer"),
                                        QCoreApplication.translate("ScalePanel", "step, figures"),
                                        QCoreApplication.translate("ScalePanel", "value")])
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setTextElideMode(Qt.ElideNone)
        self.setEditTriggers(QTableWidget.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.Fixed)   # see _fit_values
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)

    def fill(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.setRowCount(len(rows))
        for r, (layer, label, value, tip) in enumerate(rows):
            for c, text in enumerate((layer, label, value)):
                item = QTableWidgetItem(text)
                item.setToolTip(tip if c == 1 else text)
                self.setItem(r, c, item)
        self._fit_values()

    def _fit_values(self) -> None:
        """The value column is as wide as its longest value when the table has room, else as
        its longest word, so "812 million prompts/day" wraps instead of starving the step
        column until its figure ids break mid-word (a projector's type in a third of 1280 px)."""
        metrics = self.fontMetrics()
        values = [self.item(r, 2).text() for r in range(self.rowCount()) if self.item(r, 2)]
        values.append(self.horizontalHeaderItem(2).text())
        pad = 2 * self.style().pixelMetric(self.style().PixelMetric.PM_FocusFrameHMargin, None, self) + 12
        whole = max(metrics.horizontalAdvance(v) for v in values) + pad
        word = max(metrics.horizontalAdvance(w) for v in values for w in v.split()) + pad
        self.setColumnWidth(2, max(word, min(whole, round(self.viewport().width() * 0.3))))
        self.resizeRowsToContents()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_values()

    def changeEvent(self, event) -> None:  # noqa: N802 — presenter type arrives as a style change
        super().changeEvent(event)
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self._fit_values()


class ScaleStrip(QWidget):
    """Paints one ``ScaleResult``; repainting is all a slider move costs."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.result = None
        self.setMinimumSize(480, 360)
        self.setAccessibleName(QCoreApplication.translate("ScalePanel", "Scale strip"))
        self.setAccessibleDescription(QCoreApplication.translate(
            "ScalePanel", "The stack on its side: megawatts at the meter to racks, GPUs and tokens"))

    def set_result(self, result) -> None:
        self.result = result
        self.setAccessibleDescription(self.summary())
        self.update()

    def summary(self) -> str:
        r = self.result
        if r is None:
            return ""
        out = (f"{_fmt(r.meter_mw, 'MW')} at the meter, {_fmt(r.it_mw, 'MW')} of IT power, "
               f"{_fmt(r.racks, 'racks')}, {_fmt(r.accelerators, 'accelerators')}")
        if r.tokens_per_s is not None:
            out += f", {_fmt(r.tokens_per_s, 'tokens/s')}, {_fmt(r.prompts_per_day, 'prompts/day')}"
        if r.training_days is not None:
            out += f", a training run of {r.training_days:.3g} days"
        return out

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        th = self.theme
        p.fillRect(self.rect(), th.q("window"))
        r = self.result
        if r is None:
            return
        w, h = self.width(), self.height()
        m = max(12.0, w * 0.015)
        title_px = max(16.0, min(34.0, h * 0.04))
        body_px = max(12.0, min(24.0, h * 0.026))
        p.setFont(pixel_font(title_px, bold=True))
        p.setPen(th.q("text"))
        p.drawText(QRectF(m, m * 0.5, w - 2 * m, title_px * 1.5), Qt.AlignLeft | Qt.AlignVCenter,
                   "Electrons to tokens: where the megawatts go")
        top = m + title_px * 1.6
        cols = [("0", "Facility", 0), ("1", "Hardware", 1), ("2–7", "Software layers", 2), ("8", "Agents and intelligence", 8)]
        weights = [1.0, 1.15, 0.7, 1.15]
        gap = m * 1.6
        unit = (w - 2 * m - gap * (len(cols) - 1)) / sum(weights)
        card_top = top + (h - top) * 0.36
        card_h = h - card_top - m
        xs = []
        x = m
        for wt in weights:
            xs.append((x, unit * wt))
            x += unit * wt + gap
        self._ribbon(p, r, xs, top, card_top - top - m * 0.6)
        steps_by_layer: dict[int, list] = {}
        for step in r.steps:
            steps_by_layer.setdefault(step.layer, []).append(step)
        for (label_no, name, layer), (cx, cw) in zip(cols, xs):
            rect = QRectF(cx, card_top, cw, card_h)
            self._card(p, rect, label_no, name, layer, steps_by_layer.get(layer, []), title_px, body_px)
        for (cx, cw), (nx, _nw) in zip(xs, xs[1:]):
            y = card_top + card_h * 0.5
            p.setPen(QPen(th.q("muted"), 2.5))
            p.drawLine(QPointF(cx + cw + 4, y), QPointF(nx - 6, y))
            p.drawLine(QPointF(nx - 6, y), QPointF(nx - 14, y - 6))
            p.drawLine(QPointF(nx - 6, y), QPointF(nx - 14, y + 6))
        if r.flags:
            p.setFont(pixel_font(body_px * 0.9, bold=True))
            p.setPen(th.q("selection"))
            text = "  ".join(("⚠ " if f.severity != "info" else "ℹ ") + f.message for f in r.flags)
            p.drawText(QRectF(m, card_top - m * 0.6 - body_px * 1.4, w - 2 * m, body_px * 1.4),
                       Qt.AlignLeft | Qt.AlignVCenter, p.fontMetrics().elidedText(text, Qt.ElideRight, int(w - 2 * m)))

    def _ribbon(self, p: QPainter, r, xs, top: float, height: float) -> None:
        """A stacked bar of the meter's megawatts: overhead, losses, the rest of IT, accelerators."""
        th = self.theme
        parts = [("cooling and other overhead", r.cooling_overhead_mw, OKABE_ITO[0]),
                 ("UPS and distribution losses", r.dist_losses_mw, OKABE_ITO[5]),
                 ("IT: CPUs, memory, network, fans", max(r.it_mw - (r.accelerator_mw or 0.0), 0.0), OKABE_ITO[1]),
                 ("IT: accelerators", r.accelerator_mw or 0.0, OKABE_ITO[2])]
        total = max(r.meter_mw, 1e-9)
        left, right = xs[0][0], xs[-1][0] + xs[-1][1]
        bar_h = max(24.0, height * 0.42)
        x = left
        px = max(11.0, min(20.0, bar_h * 0.32))
        for label, mw, colour in parts:
            width = (right - left) * (mw / total)
            if width <= 0:
                continue
            rect = QRectF(x, top, width, bar_h)
            p.setPen(QPen(th.q("border"), 1))
            fill = QColor(colour)
            if th.name == "contrast":
                fill = QColor("#000000")
            p.setBrush(QBrush(fill, Qt.SolidPattern if th.name != "contrast" else Qt.BDiagPattern))
            p.drawRect(rect)
            p.setFont(pixel_font(px, bold=True))
            p.setPen(QColor("#000000") if th.name != "contrast" else th.q("text"))
            text = f"{label}: {_fmt(mw, 'MW')}"
            fm = p.fontMetrics()
            if fm.horizontalAdvance(text) < width - 8:
                p.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignCenter, text)
            elif fm.horizontalAdvance(f"{mw:.3g}") < width - 4:   # measure what is drawn
                p.drawText(rect, Qt.AlignCenter, f"{mw:.3g}")
            x += width
        # A legend with swatches: every segment is named even when it is too thin to label.
        lx, ly = left, top + bar_h + 6
        p.setFont(pixel_font(px * 0.9))
        for label, mw, colour in parts:
            text = f"{label} {_fmt(mw, 'MW')}"
            p.setBrush(QColor(colour) if th.name != "contrast" else QBrush(th.q("text"), Qt.BDiagPattern))
            tw = p.fontMetrics().horizontalAdvance(text)
            if lx > left and lx + px * 1.2 + tw > right:  # wrap onto a new legend line
                lx, ly = left, ly + px * 1.4
                top += px * 1.4
            p.setPen(QPen(th.q("border"), 1))
            p.drawRect(QRectF(lx, ly + 2, px * 0.9, px * 0.9))
            p.setPen(th.q("text"))
            p.drawText(QRectF(lx + px * 1.2, ly, tw + 4, px * 1.3), Qt.AlignLeft | Qt.AlignVCenter, text)
            lx += px * 1.2 + tw + px * 1.2
        top += px * 1.5
        p.setFont(pixel_font(px * 0.9))
        p.setPen(th.q("text"))
        legend = (f"{_fmt(r.meter_mw, 'MW')} at the meter = {_fmt(r.it_mw, 'MW')} of IT power × PUE {r.pue:.3g}. "
                  f"Accelerators draw {_fmt(r.accelerator_mw, 'MW')} of it.")
        if r.stranded_mw:
            legend += f" {_fmt(r.stranded_mw, 'MW')} is stranded: not enough for another whole rack."
        p.drawText(QRectF(left, top + bar_h + 4, right - left, px * 3.0), Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, legend)

    def _card(self, p: QPainter, rect: QRectF, number: str, name: str, layer: int, steps, title_px, body_px) -> None:
        """A layer's card: its title, then each step's label (wrapped, never cut) over its
        value. When the steps do not fit, the whole card's type steps down together."""
        th = self.theme
        p.setPen(QPen(th.q("border"), 1.2))
        p.setBrush(th.band_fill(layer))
        p.drawRoundedRect(rect, 10, 10)
        pad = 10.0
        inner_w = rect.width() - 2 * pad
        p.setPen(th.q("text"))
        title = f"{number} · {name}"
        title_font, title_h = _wrapped_fit(title, inner_w, title_px * 0.9, lines=2, bold=True)
        p.setFont(title_font)
        p.drawText(QRectF(rect.left() + pad, rect.top() + pad, inner_w, title_h),
                   Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, title)
        y = rect.top() + pad + title_h + title_px * 0.3
        if not steps:
            p.setFont(pixel_font(max(11.0, body_px * 0.75)))
            p.setPen(th.q("muted"))
            text = ("Network, virtual machines, orchestration, data and services all run on these GPUs' "
                    "hosts and share the IT power above; at campus scale they are not the limit.")
            p.drawText(QRectF(rect.left() + pad, y, inner_w, rect.bottom() - y - pad),
                       Qt.TextWordWrap | Qt.AlignTop, text)
            return
        rows = [(step.label + (" (estimate)" if step.estimate else ""), _fmt(step.value, step.unit)) for step in steps]
        room = rect.bottom() - pad - y
        px = body_px
        while px > 10 and _steps_height(rows, inner_w, px) > room:
            px -= 1
        for label, value in rows:
            if y > rect.bottom() - px * 2:   # a window below the strip's minimum size
                break
            label_font = pixel_font(px * 0.8)
            label_h = _text_height(label, label_font, inner_w)
            p.setFont(label_font)
            p.setPen(th.q("muted"))
            p.drawText(QRectF(rect.left() + pad, y, inner_w, label_h), Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, label)
            y += label_h + px * 0.1
            _fit(p, value, inner_w, px * 1.15, bold=True)
            p.setPen(th.q("text"))
            p.drawText(QRectF(rect.left() + pad, y, inner_w, px * 1.4), Qt.AlignLeft | Qt.AlignVCenter, value)
            y += px * 1.7


def _text_height(text: str, font, width: float) -> float:
    """The height ``text`` takes wrapped at ``width`` in ``font``."""
    return QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1e6), Qt.TextWordWrap, text).height()


def _steps_height(rows: list[tuple[str, str]], width: float, px: float) -> float:
    return sum(_text_height(label, pixel_font(px * 0.8), width) + px * 1.8 for label, _value in rows)


def _wrapped_fit(text: str, width: float, px: float, *, lines: int, bold: bool = False, low: float = 11.0):
    """The largest font (at most ``px``) at which ``text`` wraps into ``lines`` lines or fewer
    without a word wider than ``width``; returns it and the height the text takes."""
    while True:
        font = pixel_font(px, bold=bold)
        metrics = QFontMetricsF(font)
        height = _text_height(text, font, width)
        words_fit = all(metrics.horizontalAdvance(word) <= width for word in text.split())
        if px <= low or (words_fit and height <= metrics.lineSpacing() * lines + 1):
            return font, height
        px -= 1


class ScalePanel(Panel):
    """Presets, sliders and the list of steps with their figures; a thin view over
    ``state.scale`` (``desktop.app.scale.ScaleState``)."""

    key = "scale"
    title = QT_TRANSLATE_NOOP("Panels", "Scale")
    shortcut = "Ctrl+5"
    render_options = ("scale_preset",)

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        from desktop.ui.theme import resolve

        self.model = state.scale
        data = self.model.data
        self.strip = ScaleStrip(resolve(state.theme))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.preset = QComboBox()
        self.preset.setAccessibleName(QCoreApplication.translate("ScalePanel", "Preset"))
        for ident in self.model.preset_ids():
            self.preset.addItem(data.presets[ident].name, ident)
        form.addRow(QCoreApplication.translate("ScalePanel", "Preset"), self.preset)
        self.mw = QDoubleSpinBox()
        self.mw.setAccessibleName(QCoreApplication.translate("ScalePanel", "Power at the meter in megawatts"))
        self.mw.setRange(0.1, 10000)
        self.mw.setDecimals(1)
        self.mw.setSuffix(" MW")
        form.addRow(QCoreApplication.translate("ScalePanel", "At the meter"), self.mw)
        self.pue = QSlider(Qt.Horizontal)
        self.pue.setAccessibleName(QCoreApplication.translate("ScalePanel", "PUE"))
        self.pue.setRange(105, 200)
        self.pue_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.pue, 1)
        row.addWidget(self.pue_label)
        form.addRow(QCoreApplication.translate("ScalePanel", "PUE"), row)
        self.system = QComboBox()
        self.system.setAccessibleName(QCoreApplication.translate("ScalePanel", "System"))
        for ident, system in data.systems.items():
            self.system.addItem(getattr(system, "name", ident), ident)
        form.addRow(QCoreApplication.translate("ScalePanel", "System"), self.system)
        self.cooling = QComboBox()
        self.cooling.setAccessibleName(QCoreApplication.translate("ScalePanel", "Cooling"))
        self.cooling.addItem(QCoreApplication.translate("ScalePanel", "As the system is designed"), None)
        self.cooling.addItem(QCoreApplication.translate("ScalePanel", "Air"), "air")
        self.cooling.addItem(QCoreApplication.translate("ScalePanel", "Direct-to-chip liquid"), "liquid")
        form.addRow(QCoreApplication.translate("ScalePanel", "Cooling"), self.cooling)
        workload = QHBoxLayout()
        self.inference = QRadioButton(QCoreApplication.translate("ScalePanel", "Inference"))
        self.training = QRadioButton(QCoreApplication.translate("ScalePanel", "Training"))
        self.inference.setAccessibleName(QCoreApplication.translate("ScalePanel", "Inference workload"))
        self.training.setAccessibleName(QCoreApplication.translate("ScalePanel", "Training workload"))
        self.workload = QButtonGroup(self)
        self.workload.addButton(self.inference)
        self.workload.addButton(self.training)
        workload.addWidget(self.inference)
        workload.addWidget(self.training)
        form.addRow(QCoreApplication.translate("ScalePanel", "Workload"), workload)
        # Inference assumptions a student must see to read tokens/s right (issue 15): which
        # model, how busy the fleet is, how long an answer is.
        from desktop.core.scale.sizing import model_choices, serving_inputs

        self.model_picker = QComboBox()
        self.model_picker.setAccessibleName(QCoreApplication.translate("ScalePanel", "Model served"))
        # The picker names the model; what it assumes (J/token, batch, what is counted) is its
        # tooltip and a step of the list below, so a long label never widens the panel over
        # the column.
        self.model_picker.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.model_picker.setMinimumContentsLength(14)
        for ident, label in model_choices(data):
            name = label.split(":", 1)[0]
            self.model_picker.addItem(name, ident)
            self.model_picker.setItemData(self.model_picker.count() - 1, label, Qt.ToolTipRole)
        form.addRow(QCoreApplication.translate("ScalePanel", "Model"), self.model_picker)
        self._model_labels = dict((ident, label) for ident, label in model_choices(data))
        limits = {s.key: s for s in serving_inputs(data)}
        self.utilisation = QDoubleSpinBox()
        self.utilisation.setAccessibleName(QCoreApplication.translate("ScalePanel", "Utilisation of the GPUs"))
        self.utilisation.setRange(limits["utilisation"].low or 0.01, limits["utilisation"].high or 1.0)
        self.utilisation.setDecimals(2)
        self.utilisation.setSingleStep(0.01)
        self.utilisation.setToolTip(limits["utilisation"].note)
        form.addRow(QCoreApplication.translate("ScalePanel", "Utilisation"), self.utilisation)
        self.tokens = QSpinBox()
        self.tokens.setAccessibleName(QCoreApplication.translate("ScalePanel", "Output tokens per prompt"))
        self.tokens.setRange(int(limits["tokens_per_prompt"].low or 1), 100000)
        self.tokens.setToolTip(limits["tokens_per_prompt"].note)
        form.addRow(QCoreApplication.translate("ScalePanel", "Tokens per prompt"), self.tokens)
        layout.addLayout(form)
        goal = QHBoxLayout()
        self.goal = QDoubleSpinBox()
        self.goal.setAccessibleName(QCoreApplication.translate("ScalePanel", "Prompts per day wanted, in billions"))
        self.goal.setRange(0.001, 1e6)
        self.goal.setDecimals(3)
        self.goal.setValue(10.0)
        self.goal.setSuffix(QCoreApplication.translate("ScalePanel", " billion prompts/day"))
        self.solve = QPushButton(QCoreApplication.translate("ScalePanel", "How many MW?"))
        self.solve.setAccessibleName(QCoreApplication.translate("ScalePanel", "Work backwards from prompts per day"))
        self.solve.clicked.connect(lambda: self.model.solve_for_prompts(self.goal.value() * 1e9))
        goal.addWidget(self.goal, 1)
        goal.addWidget(self.solve)
        layout.addLayout(goal)
        self.steps = StepsTable()
        layout.addWidget(self.steps, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

        self._sync = False
        m = self.model
        self.preset.currentIndexChanged.connect(lambda _i: self._sync or m.apply_preset(self.preset.currentData()))
        self.mw.valueChanged.connect(lambda v: self._set(meter_mw=float(v)))
        self.pue.valueChanged.connect(lambda v: self._set(pue=v / 100.0))
        self.system.currentIndexChanged.connect(lambda _i: self._set(system=self.system.currentData()))
        self.cooling.currentIndexChanged.connect(lambda _i: self._set(cooling=self.cooling.currentData()))
        self.model_picker.currentIndexChanged.connect(self._on_model)
        self.utilisation.valueChanged.connect(lambda v: self._set(utilisation=float(v)))
        self.tokens.valueChanged.connect(lambda v: self._set(tokens_per_prompt=float(v)))
        self.inference.toggled.connect(lambda on: on and self._set(workload="inference"))
        self.training.toggled.connect(lambda on: on and self._set(workload="training"))
        m.events.inputs.connect(lambda _m: self._show_inputs())
        m.events.result.connect(lambda _m: self._show_result())
        if m.result is None:
            m.recompute()
        self._show_inputs()
        self._show_result()

    def left_page(self) -> QWidget:
        return self.strip

    def set_theme(self, theme) -> None:
        self.strip.theme = theme
        self.strip.update()

    def apply_render(self, args) -> None:
        if getattr(args, "scale_preset", None):
            self.model.apply_preset(args.scale_preset)

    # state -> widgets ------------------------------------------------------------------------
    def _show_inputs(self) -> None:
        inputs = self.model.inputs
        resolved = self.model.evaluate_inputs()
        self._sync = True
        try:
            if inputs.preset and self.preset.currentData() != inputs.preset:
                self.preset.setCurrentIndex(self.preset.findData(inputs.preset))
            self.mw.setValue(resolved.meter_mw)
            self.pue.setValue(round(resolved.pue * 100))
            self.pue_label.setText(f"{resolved.pue:.2f}")
            self.system.setCurrentIndex(self.system.findData(inputs.system))
            self.cooling.setCurrentIndex(self.cooling.findData(inputs.cooling))
            (self.training if inputs.workload == "training" else self.inference).setChecked(True)
            self.model_picker.setCurrentIndex(max(0, self.model_picker.findData(inputs.model)))
            self.model_picker.setToolTip(self._model_labels.get(inputs.model, ""))
            figures = self.model.data.figures
            number = (lambda v: figures[v] if isinstance(v, str) else v)
            self.utilisation.setValue(float(number(inputs.utilisation)))
            self.tokens.setValue(round(number(inputs.tokens_per_prompt)))
        finally:
            self._sync = False

    def _on_model(self, _index: int) -> None:
        ident = self.model_picker.currentData()
        self.model_picker.setToolTip(self._model_labels.get(ident, ""))
        self._set(model=ident)

    def _set(self, **changes) -> None:
        if self._sync:
            return
        if "pue" in changes:
            self.pue_label.setText(f"{changes['pue']:.2f}")
        self.model.set(**changes)

    def _show_result(self) -> None:
        result = self.model.result
        if result is None:
            return
        self.strip.set_result(result)
        rows = []
        for step in result.steps:
            label = step.label + (QCoreApplication.translate("ScalePanel", " (estimate)") if step.estimate else "")
            cited = ", ".join(step.figures)
            rows.append((str(step.layer), label + (f"\n{cited}" if cited else ""), _fmt(step.value, step.unit),
                         step.note or step.label))
        self.steps.fill(rows)
        notes = [result.price_note] if getattr(result, "price_note", "") else []
        if self.model.solved_for is not None:
            notes.insert(0, QCoreApplication.translate("ScalePanel", "To serve {n} billion prompts a day you need about {mw} MW at the meter "
                               "({racks} racks).").format(n=f"{self.model.solved_for / 1e9:g}",
                                                          mw=f"{result.meter_mw:,.1f}", racks=f"{result.racks:,}"))
        self.note.setText(" ".join(notes))
