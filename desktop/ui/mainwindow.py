"""The main window: the column on the left, panels (inspector, flows, lessons…) on the right."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QApplication, QFileDialog, QLabel, QMainWindow, QSplitter,
                               QStackedWidget, QTabWidget, QVBoxLayout, QWidget)

from desktop import __version__
from desktop.core.stack.model import Stack
from desktop.ui import theme as themes
from desktop.ui.column import ColumnScene, ColumnView
from desktop.ui.inspector import Inspector
from desktop.ui.settings import settings


class MainWindow(QMainWindow):
    themeChanged = Signal(object)
    panelChanged = Signal(object)   # the panel now showing (built on first show)

    def __init__(self, stack: Stack, *, theme_name: str | None = None, remember: bool = True) -> None:
        super().__init__()
        self.stack = stack
        self.remember = remember
        self.setWindowTitle("Stackscope — the datacenter stack, from electrons to agents")
        self.setMinimumSize(QSize(960, 600))
        stored = settings().value("theme", "system") if remember else "system"
        self.theme_name: str = theme_name or str(stored)
        self.theme = themes.resolve(self.theme_name)

        self.scene = ColumnScene(stack, self.theme)
        self.column = ColumnView(self.scene)
        self.inspector = Inspector(stack)
        self.panels = QTabWidget()
        self.panels.setAccessibleName("Panels")
        self.panels.setDocumentMode(True)
        self.panels.addTab(self.inspector, "Inspector")
        self._left_pages: dict[QWidget, QWidget] = {}
        self._lazy: dict[str, tuple[QWidget, object]] = {}
        self.panels.currentChanged.connect(self._on_panel_changed)
        self.left = QStackedWidget()   # the column, or a feature's own view (the scale strip)
        self.left.addWidget(self.column)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.panels)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        # Proportional weights, applied at first layout: the column gets three fifths.
        self.splitter.setSizes([600, 400])
        self.extra_css = ""        # presenter mode adds its projector-sized type here
        self.render_hooks: list = []    # render(args) callbacks features add for `render` options
        self.extra_shortcuts: list[tuple[str, str]] = []   # keys features add to Help → Keyboard
        self.steppers: list = []   # callables(direction) -> bool, added by the lesson and flow panels
        self.presenter = None
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Status")
        self.statusBar().addWidget(self.status_label, 1)
        self.column.selectionChanged.connect(self._on_selection)
        self._build_menus()
        self.apply_theme(self.theme_name)
        self._on_selection(None)
        if remember:
            self._restore_geometry()

    # menus --------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut: str | QKeySequence | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.replace("&", "").rstrip("…"))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self._action(self.file_menu, "&Open layers file…", self.open_layers, QKeySequence.Open,
                     "Load a different layers.yaml (an instructor's edited copy)")
        self._action(self.file_menu, "&Export image…", self.export_image, "Ctrl+E",
                     "Save the column as PNG or SVG")
        self.file_menu.addSeparator()
        self._action(self.file_menu, "&Quit", self.close, QKeySequence.Quit)

        self.view_menu = bar.addMenu("&View")
        theme_menu = self.view_menu.addMenu("&Theme")
        self.theme_group = QActionGroup(self)
        for name, label in themes.THEME_LABELS.items():
            act = QAction(label, self, checkable=True)
            act.setData(name)
            act.setChecked(name == self.theme_name)
            act.triggered.connect(lambda _=False, n=name: self.apply_theme(n))
            self.theme_group.addAction(act)
            theme_menu.addAction(act)
        self._action(self.view_menu, "Next theme", self.cycle_theme, "Ctrl+T")
        lens_menu = self.view_menu.addMenu("&Lens")
        self.lens_group = QActionGroup(self)
        for ident, label in (("", "No lens"), ("osi", "OSI (inside layer 2)"), ("tcpip", "TCP/IP (inside layer 2)"),
                             ("ai-cake", "The five-layer AI cake"), ("dip", "7 Layer DIP (2014)"),
                             ("oss-ai", "The open-source AI stack")):
            act = QAction(label, self, checkable=True)
            act.setData(ident)
            act.setChecked(ident == "")
            act.triggered.connect(lambda _=False, i=ident: self.set_lens(i or None))
            self.lens_group.addAction(act)
            lens_menu.addAction(act)
        self._action(self.view_menu, "Next lens", self.cycle_lens, "L")
        self._action(self.view_menu, "Fold all layers", self.fold_all, "Ctrl+0")
        panels_menu = self.view_menu.addMenu("&Panels")
        for n in range(1, 8):  # Ctrl+1 … Ctrl+7: Inspector, Flow, Load, Lessons, Scale, Faults, Outline
            self._action(panels_menu, f"Panel {n}", lambda _=False, i=n - 1: self.panels.setCurrentIndex(i)
                         if i < self.panels.count() else None, f"Ctrl+{n}")

        def name_panels() -> None:
            for i, act in enumerate(panels_menu.actions()):
                act.setText(self.panels.tabText(i) if i < self.panels.count() else f"Panel {i + 1}")
                act.setEnabled(i < self.panels.count())
        panels_menu.aboutToShow.connect(name_panels)

        self.help_menu = bar.addMenu("&Help")
        self._action(self.help_menu, "&Keyboard", self.show_keyboard, QKeySequence.HelpContents)
        self._action(self.help_menu, "&Sources", self.show_sources, tip="Every figure and where it comes from")
        self._action(self.help_menu, "&About Stackscope", self.show_about)

    # panels ---------------------------------------------------------------------------------
    def add_panel(self, attr: str, title: str, factory) -> None:
        """Add a tab whose panel is built on first use (its tab shown, or ``window.<attr>``
        read): start-up pays only for an empty tab. ``factory(window)`` returns the panel; a
        panel with a ``left_page`` attribute replaces the column with it while its tab shows
        (the scale view draws the stack on its side there)."""
        holder = QWidget()
        holder.content = None
        QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
        holder.setAccessibleName(f"{title} panel")
        self.panels.addTab(holder, title)
        self._lazy[attr] = (holder, factory)

    def __getattr__(self, name: str):
        lazy = self.__dict__.get("_lazy")
        if lazy and name in lazy:
            return self._build_panel(name)
        raise AttributeError(name)

    def _build_panel(self, attr: str):
        holder, factory = self._lazy.pop(attr)
        panel = factory(self)
        holder.content = panel
        holder.layout().addWidget(panel)
        setattr(self, attr, panel)
        left = getattr(panel, "left_page", None)
        if left is not None:
            self.left.addWidget(left)
            self._left_pages[holder] = left
            if self.panels.currentWidget() is holder:
                self.left.setCurrentWidget(left)
        return panel

    def current_panel(self) -> QWidget:
        widget = self.panels.currentWidget()
        return getattr(widget, "content", None) or widget

    def show_panel(self, panel: QWidget) -> None:
        for i in range(self.panels.count()):
            tab = self.panels.widget(i)
            if tab is panel or getattr(tab, "content", None) is panel:
                self.panels.setCurrentIndex(i)
                return
        raise KeyError(panel)

    def _on_panel_changed(self, _index: int) -> None:
        holder = self.panels.currentWidget()
        for attr, (lazy_holder, _factory) in list(self._lazy.items()):
            if lazy_holder is holder:
                self._build_panel(attr)
        self.left.setCurrentWidget(self._left_pages.get(holder, self.column))
        self.scene.set_gauges(None)  # the panel now showing sets its own, if it has any
        self.panelChanged.emit(self.current_panel())

    # selection --------------------------------------------------------------------------------
    # lenses -----------------------------------------------------------------------------------
    def set_lens(self, ident: str | None) -> None:
        from desktop.core.stack.lenses import get_lens
        from desktop.ui.lens_items import lens_markdown, show_lens

        lens = get_lens(ident) if ident else None
        show_lens(self.scene, lens)
        for act in self.lens_group.actions():
            act.setChecked(act.data() == (ident or ""))
        if lens is not None:
            self.inspector.show_text(*lens_markdown(lens))
            if not getattr(self.current_panel(), "keeps_focus", False):
                self.panels.setCurrentWidget(self.inspector)
            self.status_label.setText(f"Lens: {lens.name} — click a bracket for its credit and mapping; L for the next lens")

    def cycle_lens(self) -> None:
        order = [a.data() for a in self.lens_group.actions()]
        current = self.scene.lens.id if self.scene.lens else ""
        self.set_lens(order[(order.index(current) + 1) % len(order)] or None)

    def _on_selection(self, ref: str | None) -> None:
        if ref and ref.startswith("lens:") and self.scene.lens is not None:
            from desktop.ui.lens_items import lens_markdown

            index = int(ref.rsplit("/", 1)[1])
            self.inspector.show_text(*lens_markdown(self.scene.lens, index))
            self.status_label.setText(f"{self.scene.lens.name}: {self.scene.lens.bands[index].name}")
            return
        self.inspector.show_ref(ref)
        if ref:
            if not getattr(self.current_panel(), "keeps_focus", False):
                self.panels.setCurrentWidget(self.inspector)
            self.status_label.setText(f"{self.stack.label(ref)} — Right/Left to go in and out, "
                                      f"Enter to expand, Esc to clear")
        else:
            self.status_label.setText("Click a layer, OSI sub-layer, component or seam — or press Up/Down")

    def select(self, ref: str | None) -> None:
        self.column.select(ref)

    def advance(self, direction: int) -> None:
        """One clicker press: the first stepper that takes it wins (an open lesson, then a
        loaded flow); with neither, walk the column a layer up or down."""
        for stepper in self.steppers:
            if stepper(direction):
                return
        from desktop.core.stack import navigation

        current = self.column.selected
        if current is None or not current.startswith("layer:"):
            current = None if current is None else self.stack.layer(self.stack.layer_of(current) or 0).ref
        self.select(navigation.move(self.stack, current, "up" if direction > 0 else "down"))

    def fold_all(self) -> None:
        for n in list(self.scene.expanded):
            self.scene.set_expanded(n, False)

    # themes -------------------------------------------------------------------------------------
    def apply_theme(self, name: str) -> None:
        self.theme_name = name
        self.theme = themes.resolve(name)
        app = QApplication.instance()
        if app is not None:
            app.setPalette(themes.palette_for(self.theme))
            app.setStyleSheet(themes.stylesheet_for(self.theme) + self.extra_css)
        self.scene.set_theme(self.theme)
        for act in self.theme_group.actions():
            act.setChecked(act.data() == name)
        if self.remember:
            settings().setValue("theme", name)
        self.themeChanged.emit(self.theme)

    def cycle_theme(self) -> None:
        order = list(themes.THEME_LABELS)
        self.apply_theme(order[(order.index(self.theme_name) + 1) % len(order)])

    # files ----------------------------------------------------------------------------------------
    def open_layers(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open layers file", "", "Stack files (*.yaml *.yml)")
        if path:
            self.load_layers(Path(path))

    def load_layers(self, path: Path) -> bool:
        """Validate first; only a sound file replaces the column (a broken one is explained)."""
        from desktop.core.stack.reader import load_stack
        from desktop.ui.dialogs import problems_dialog

        stack, problems = load_stack(path)
        if stack is None:
            problems_dialog(str(path), problems, self).exec()
            return False
        self.statusBar().showMessage(f"Loaded {path}. Restart Stackscope to see it everywhere.", 8000)
        self.stack = stack
        self.inspector.stack = stack
        old_scene = self.scene
        self.scene = ColumnScene(stack, self.theme)
        self.column.column = self.scene
        self.column.setScene(self.scene)
        self.column.selected = None
        size = self.column.viewport().size()
        self.scene.layout(size.width(), size.height())
        old_scene.deleteLater()
        self._on_selection(None)
        return True

    EXPORT_SIZES = (("1920 × 1080 (slides), clean", (1920, 1080)), ("1920 × 1080 (slides), as on screen", (1920, 1080)),
                    ("3840 × 2160 (4K), clean", (3840, 2160)), ("1240 × 1754 (A4 portrait), clean", (1240, 1754)),
                    ("As on screen", None))

    def export_image(self) -> None:
        """PNG or SVG of the column as it is now (selection, lens, flow moment, fault), at a
        chosen size."""
        from PySide6.QtWidgets import QInputDialog

        from desktop.ui.export import save_column_at

        labels = [label for label, _size in self.EXPORT_SIZES]
        label, ok = QInputDialog.getItem(self, "Export the column", "Size", labels, 0, False)
        if not ok:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export the column", "stackscope.png",
                                              "PNG image (*.png);;SVG drawing (*.svg)")
        if path:
            size = dict(self.EXPORT_SIZES)[label] or (round(self.scene.size[0]), round(self.scene.size[1]))
            save_column_at(self.scene, Path(path), *size, clean="clean" in label)
            self.statusBar().showMessage(f"Saved {path}", 6000)

    # dialogs ----------------------------------------------------------------------------------------
    def show_keyboard(self) -> None:
        from desktop.ui.dialogs import keyboard_dialog

        keyboard_dialog(self.extra_shortcuts, self).exec()

    def show_sources(self) -> None:
        from desktop.ui.dialogs import SourcesDialog

        SourcesDialog(self).exec()

    def show_about(self) -> None:
        from desktop.ui.dialogs import about_dialog

        about_dialog(self).exec()

    # geometry -------------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        s = settings()
        geometry = s.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            from desktop.ui.export import first_window_size

            self.resize(first_window_size(self.screen()))
        split = s.value("splitter")
        if isinstance(split, QByteArray) and not split.isEmpty():
            self.splitter.restoreState(split)

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.remember:
            s = settings()
            s.setValue("geometry", self.saveGeometry())
            s.setValue("splitter", self.splitter.saveState())
            s.setValue("version", __version__)
        super().closeEvent(event)
