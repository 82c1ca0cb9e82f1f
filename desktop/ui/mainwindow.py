"""The main window: the column on the left, the panels (inspector, flow, lessons…) on the right.

The window owns the ``AppState`` and composes views over it: the column (through
``ColumnBinding``), one tab per ``Panel`` class in ``desktop.ui.panels.PANELS`` (each built on
first use), the menus and every key. Keys are window-level ``QAction``s whose enabled state
follows the state (presenter mode, the panel showing, an open lesson), so a key either does
its documented action wherever focus is, or is left to the focused widget — never guessed at
by an event filter.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QByteArray, QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QApplication, QFileDialog, QLabel, QMainWindow, QSplitter,
                               QStackedWidget, QVBoxLayout, QWidget)

from desktop import __version__
from desktop.app.state import AppState
from desktop.core.stack.model import Stack
from desktop.ui import theme as themes
from desktop.ui.column import ColumnScene, ColumnView
from desktop.ui.column_binding import ColumnBinding
from desktop.ui.inspector import InspectorPanel
from desktop.ui.panel import Panel
from desktop.ui.settings import settings
from desktop.ui.tab_strip import StripTabs


def _t(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


LIBRARY_SETTLE_MS = 500   # an editor's save is several file events: reload once they settle


class _Tab(QWidget):
    """A tab's holder: the panel is built into it the first time it is needed."""

    def __init__(self, cls: type[Panel]) -> None:
        super().__init__()
        self.panel_class = cls
        self.content: Panel | None = None
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)
        self.setAccessibleName(QCoreApplication.translate("MainWindow", "{title} panel").format(title=cls.display_title()))


class MainWindow(QMainWindow):
    themeChanged = Signal(object)
    panelChanged = Signal(object)   # the panel now showing (built on first show)

    def __init__(self, stack: Stack, *, theme_name: str | None = None, remember: bool = True,
                 runner: Callable | None = None) -> None:
        super().__init__()
        from desktop.ui.settings import data_dir

        self.remember = remember
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "Stackscope — the datacenter stack, from electrons to agents"))
        self.setMinimumSize(QSize(960, 600))
        stored = settings().value("theme", "system") if remember else "system"
        if runner is None:
            from desktop.ui.runner import ThreadRunner

            runner = ThreadRunner(self)
        self.runner = runner
        from desktop.ui.settings import user_lessons_dir

        folder = data_dir()
        self.save_banner = None    # the status bar's "progress not saved" banner, made when needed
        self.state = AppState(stack, runner=runner, theme=str(theme_name or stored),
                              lessons_folder=user_lessons_dir())
        self.state.lessons.store_factory = lambda: self._open_store(folder)
        if remember:
            extra = settings().value("lessons/extra", []) or []
            self.state.lessons.extra_folders = [str(p) for p in ([extra] if isinstance(extra, str) else extra)]
        self.theme = themes.resolve(self.state.theme)
        self.extra_css = ""        # presenter mode adds its projector-sized type here

        self.scene = ColumnScene(stack, self.theme)
        self.column = ColumnView(self.scene)
        self.binding = ColumnBinding(self.state, self.column, self)
        self.inspector = InspectorPanel(self.state)
        self.panels = StripTabs(QCoreApplication.translate("MainWindow", "Panels"))
        self.panels.addTab(self.inspector, InspectorPanel.display_title())
        self._built: dict[str, Panel] = {"inspector": self.inspector}
        self._watcher = None
        self._welcome = None
        self._left_pages: dict[str, QWidget] = {}
        self.panels.currentChanged.connect(self._on_panel_changed)
        self.left = QStackedWidget()   # the column, or a panel's own view (the scale strip)
        self.left.addWidget(self.column)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.panels.holder)   # the wrapping tab strip above the pages
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.splitter.setSizes([600, 400])   # the column gets three fifths at first layout
        self.status_label = QLabel()
        self.status_label.setAccessibleName(QCoreApplication.translate("MainWindow", "Status"))
        self.statusBar().addWidget(self.status_label, 1)
        # One line says both what the selection allows (the hint) and, for a few seconds, what
        # just happened (a message): QStatusBar's own temporary message was drawn over the
        # hint label at once, each text through the other.
        self._hint_text = ""
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(lambda: self.status_label.setText(self._hint_text))
        self._panels_menu_actions: list[QAction] = []
        self._build_menus()
        from desktop.ui.presenter import Presenter

        self.presenter = Presenter(self)
        self._wire_state()
        self.apply_theme(self.state.theme)
        self._on_selection(None)
        if remember:
            self._restore_geometry()

    # state ----------------------------------------------------------------------------------
    def _wire_state(self) -> None:
        s = self.state
        s.events.selection.connect(self._on_selection)
        s.events.lens.connect(self._on_lens)
        s.events.theme.connect(self._on_theme)
        s.events.left_view.connect(lambda _v: self._show_left())
        s.events.status.connect(lambda text: self.show_message(text, 8000))
        s.events.presenter.connect(lambda _on: self._update_keys())
        s.lessons.events.step.connect(lambda _l: self._update_keys())
        s.lessons.events.closed.connect(lambda _l: self._update_keys())
        s.flow.events.flow.connect(lambda _f: self._update_keys())

    def _on_selection(self, ref: str | None) -> None:
        if ref and ref.startswith("lens:"):
            lens = self.state.lens
            index = int(ref.rsplit("/", 1)[1])
            if lens is not None:
                self._hint(f"{lens.name}: {lens.bands[index].name}")
            return
        if ref:
            self._front_inspector()
            self._hint(QCoreApplication.translate("MainWindow", "{name} — Right/Left to go in and out, Enter to expand, Esc to clear")
                                      .format(name=self.state.stack.label(ref)))
        else:
            self._hint(QCoreApplication.translate("MainWindow", "Click a layer, OSI sub-layer, component or seam — or press Up/Down"))

    def _hint(self, text: str) -> None:
        self._hint_text = text
        if not self._message_timer.isActive():
            self.status_label.setText(text)

    def show_message(self, text: str, ms: int = 8000) -> None:
        """``text`` in the status line for ``ms``, then the selection's hint again."""
        self.status_label.setText(text)
        self._message_timer.start(ms)

    def _on_lens(self, lens, front: bool = True) -> None:
        for act in self.lens_group.actions():
            act.setChecked(act.data() == (lens.id if lens else ""))
        if lens is not None and front:
            self._front_inspector()
            self._hint(QCoreApplication.translate("MainWindow", "Lens: {name} — click a bracket for its credit and mapping; "
                                         "L for the next lens").format(name=lens.name))

    def _front_inspector(self) -> None:
        if not self.current_panel().keeps_focus:
            self.panels.setCurrentWidget(self.inspector)

    # menus ----------------------------------------------------------------------------------
    def add_action(self, menu, text: str, slot, shortcut: str | QKeySequence | None = None,
                   tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.replace("&", "").rstrip("…"))
        action.triggered.connect(slot)
        if menu is not None:
            menu.addAction(action)
        # On the window too: a hidden menu bar (presenter mode) disables its actions' keys.
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        s = self.state
        bar = self.menuBar()
        self.file_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&File"))
        self.add_action(self.file_menu, QCoreApplication.translate("MainWindow", "&Open layers file…"), self.open_layers, QKeySequence.Open,
                        QCoreApplication.translate("MainWindow", "Load a different layers.yaml (an instructor's edited copy)"))
        self.add_action(self.file_menu, QCoreApplication.translate("MainWindow", "Open &lesson…"), self.open_lesson_dialog, "Ctrl+L",
                        QCoreApplication.translate("MainWindow", "Open a lesson file an instructor wrote"))
        self.add_action(self.file_menu, QCoreApplication.translate("MainWindow", "Open lessons &folder…"), self.open_lessons_folder_dialog,
                        "Ctrl+Shift+L", QCoreApplication.translate("MainWindow", "List every lesson in a folder an instructor shares"))
        self.add_action(self.file_menu, QCoreApplication.translate("MainWindow", "Open your &library folder"),
                        self.open_library_folder, "Ctrl+Shift+O",
                        QCoreApplication.translate("MainWindow", "Where your own lessons, flows, figures, faults and "
                                                                 "scenarios go"))
        self.add_action(self.file_menu, QCoreApplication.translate("MainWindow", "&Export image…"), self.export_image, "Ctrl+E",
                        QCoreApplication.translate("MainWindow", "Save the column as PNG or SVG"))
        self.file_menu.addSeparator()
        self.add_action(self.file_menu, QCoreApplication.translate("MainWindow", "&Quit"), self.close, QKeySequence.Quit)

        self.view_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&View"))
        theme_menu = self.view_menu.addMenu(QCoreApplication.translate("MainWindow", "&Theme"))
        self.theme_group = QActionGroup(self)
        for name, label in themes.THEME_LABELS.items():
            act = QAction(QCoreApplication.translate("Themes", label), self, checkable=True)
            act.setData(name)
            act.triggered.connect(lambda _=False, n=name: s.set_theme(n))
            self.theme_group.addAction(act)
            theme_menu.addAction(act)
        self.add_action(self.view_menu, QCoreApplication.translate("MainWindow", "Next theme"), self.cycle_theme, "Ctrl+T")
        lens_menu = self.view_menu.addMenu(QCoreApplication.translate("MainWindow", "&Lens"))
        self.lens_group = QActionGroup(self)
        # Filled when first opened: reading the lens catalogue (YAML) is not start-up's job.
        lens_menu.aboutToShow.connect(lambda: self._fill_lens_menu(lens_menu))
        self.add_action(self.view_menu, QCoreApplication.translate("MainWindow", "Next lens"), s.cycle_lens, "L")
        self.add_action(self.view_menu, QCoreApplication.translate("MainWindow", "Fold all layers"), self.fold_all, "Ctrl+0")
        self.add_action(self.view_menu, QCoreApplication.translate("MainWindow", "&Reload library"),
                        self.state.reload_library, "Ctrl+R",
                        QCoreApplication.translate("MainWindow", "Read your library folder again (files added or changed)"))
        self.hide_panels_action = self.add_action(
            self.view_menu, QCoreApplication.translate("MainWindow", "&Column only"), self.toggle_panels, "P",
            QCoreApplication.translate("MainWindow", "Hide the panels so the column fills the screen; P or a panel's key brings them back"))
        self.hide_panels_action.setCheckable(True)
        self.panels_menu = self.view_menu.addMenu(QCoreApplication.translate("MainWindow", "&Panels"))
        self._panel_action(InspectorPanel)
        self.view_menu.addSeparator()

        # Keys whose meaning depends on what is showing: one action each, enabled only when
        # it has something to do, so otherwise the focused widget keeps the key.
        self.key_actions: dict[str, QAction] = {}
        for name, keys, slot in (
                ("next", ("PgDown",), lambda: self.clicker(1)),
                ("back", ("PgUp",), lambda: self.clicker(-1)),
                ("space", ("Space",), self._space),
                ("right", ("Right",), lambda: self._arrow(1)),
                ("left", ("Left", "Backspace"), lambda: self._arrow(-1)),
                ("home", ("Home",), s.flow.restart),
                ("leave", ("Esc",), lambda: self.presenter.leave_soon())):
            act = QAction(self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.triggered.connect(slot)
            self.addAction(act)
            self.key_actions[name] = act

        self.help_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
        self.add_action(self.help_menu, QCoreApplication.translate("MainWindow", "&Keyboard"), self.show_keyboard, QKeySequence.HelpContents)
        self.add_action(self.help_menu, QCoreApplication.translate("MainWindow", "&Sources"), self.show_sources, tip=QCoreApplication.translate("MainWindow", "Every figure and where it comes from"))
        self.add_action(self.help_menu, QCoreApplication.translate("MainWindow", "&Welcome"), self.show_welcome,
                        tip=QCoreApplication.translate("MainWindow", "The three ways in: a flow, the first lesson, the keys"))
        self.add_action(self.help_menu, QCoreApplication.translate("MainWindow", "&About Stackscope"), self.show_about)
        self._update_keys()

    def _fill_lens_menu(self, menu) -> None:
        if self.lens_group.actions():
            return
        from desktop.core.stack.lenses import shipped_lenses

        none = QCoreApplication.translate("MainWindow", "No lens")
        for ident, label in (("", none), *((lens.id, lens.name) for lens in shipped_lenses())):
            act = QAction(label, self, checkable=True)
            act.setData(ident)
            act.triggered.connect(lambda _=False, i=ident: self.state.set_lens(i or None))
            self.lens_group.addAction(act)
            menu.addAction(act)
        self._on_lens(self.state.lens, front=False)

    def _panel_action(self, cls: type[Panel]) -> None:
        self.add_action(self.panels_menu, cls.display_title(), lambda _=False, k=cls.key: self.show_panel(k),
                        cls.shortcut)

    # keys that follow the state -----------------------------------------------------------------
    def _update_keys(self) -> None:
        s = self.state
        presenting = s.presenter
        mode = s.mode
        lesson_open = s.lessons.session is not None
        flow_keys = mode == "flow" and s.flow.loaded
        a = self.key_actions
        a["next"].setEnabled(presenting or (mode == "lessons" and lesson_open) or flow_keys)
        a["back"].setEnabled(a["next"].isEnabled())
        a["space"].setEnabled(presenting or flow_keys)
        a["right"].setEnabled(presenting or flow_keys)
        a["left"].setEnabled(presenting or flow_keys)
        a["home"].setEnabled(not presenting and flow_keys)
        a["leave"].setEnabled(presenting)

    def clicker(self, direction: int) -> None:
        """PageDown/PageUp: in presenter mode the lesson, else the flow, else the column steps;
        otherwise the panel showing steps."""
        s = self.state
        if s.presenter:
            s.advance(direction)
        elif s.mode == "lessons":
            s.lessons.go(direction)
        elif s.mode == "flow":
            s.flow.step(direction)

    def _space(self) -> None:
        self.clicker(1) if self.state.presenter else self.state.flow.toggle()

    def _arrow(self, direction: int) -> None:
        self.clicker(direction) if self.state.presenter else self.state.flow.step(direction)

    # panels ---------------------------------------------------------------------------------
    def install_panels(self, classes: list[type[Panel]] | None = None) -> list[str]:
        """Add a tab per panel class (built on first use: start-up pays for an empty tab)."""
        from desktop.ui.panels import PANELS

        added = []
        for cls in classes if classes is not None else PANELS:
            if cls.key in self._built or self._tab(cls.key) is not None:
                continue
            self.panels.addTab(_Tab(cls), cls.display_title())
            self._panel_action(cls)
            added.append(cls.key)
        return added

    def _tab(self, key: str) -> _Tab | None:
        for i in range(self.panels.count()):
            tab = self.panels.widget(i)
            if isinstance(tab, _Tab) and tab.panel_class.key == key:
                return tab
        return None

    def panel(self, key: str) -> Panel:
        """The panel for ``key``, built if it was not yet (render options and tests use this)."""
        if key in self._built:
            return self._built[key]
        tab = self._tab(key)
        if tab is None:
            raise KeyError(f"no panel '{key}'")
        panel = tab.panel_class(self.state)
        panel.settle()
        tab.content = panel
        tab.layout().addWidget(panel)
        panel.set_theme(self.theme)
        self._built[key] = panel
        left = panel.left_page()
        if left is not None:
            self.left.addWidget(left)
            self._left_pages[key] = left
        return panel

    def current_panel(self) -> Panel:
        widget = self.panels.currentWidget()
        if isinstance(widget, _Tab):
            return widget.content or self.panel(widget.panel_class.key)
        return widget

    def show_panel(self, key: str) -> Panel:
        panel = self.panel(key)
        self.set_panels_shown(True)   # asking for a panel by its key brings the panels back
        self.panels.setCurrentWidget(self._tab(key) or panel)
        return panel

    def toggle_panels(self) -> None:
        self.set_panels_shown(self.panels.holder.isHidden())

    def set_panels_shown(self, shown: bool) -> None:
        """The column alone (an instructor walking the room through the stack, the flow's
        token big enough for the back row) or the column beside the panels."""
        if self.panels.holder.isHidden() != shown:
            return
        self.panels.holder.setVisible(shown)
        self.hide_panels_action.setChecked(not shown)
        if not shown:
            self.column.setFocus(Qt.OtherFocusReason)   # focus never stays on a hidden widget
        if shown and self.presenter.active:
            self.presenter.fit()

    def _on_panel_changed(self, _index: int) -> None:
        if self._welcome is not None and self._welcome.isVisible():
            self._welcome.dismiss()     # the student found their way in: the card has done its job
        panel = self.current_panel()
        self.state.set_mode(panel.key)
        if panel.key in self._left_pages:
            self.state.set_left_view(panel.key)
        elif self.state.left_view in self._left_pages and self.state.left_view != "column":
            self.state.set_left_view("column")
        self._show_left()
        panel.shown()
        self._update_keys()
        self.panelChanged.emit(panel)

    def _show_left(self) -> None:
        view = self.state.left_view
        if view != "column" and view not in self._left_pages and self._tab(view) is not None:
            self.panel(view)
        self.left.setCurrentWidget(self._left_pages.get(view, self.column))

    # the column -----------------------------------------------------------------------------
    def select(self, ref: str | None) -> None:
        self.state.select(ref)

    def fold_all(self) -> None:
        for n in list(self.scene.expanded):
            self.scene.set_expanded(n, False)

    # themes -----------------------------------------------------------------------------------
    def _on_theme(self, name: str) -> None:
        # Restyling the whole application from inside a key's shortcut dispatch has crashed
        # Qt (QWidget::style() on a widget mid-event, PySide6 6.11): restyle once the event
        # that asked for it has returned.
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self, lambda: self.apply_theme(self.state.theme))

    def apply_theme(self, name: str) -> None:
        """Restyle now (a direct call: tests, presenter mode); a theme chosen by key or menu
        goes through the state, whose event restyles after the key's dispatch."""
        if name != self.state.theme:
            self.state.set_theme(name)
        self.theme = themes.resolve(name)
        app = QApplication.instance()
        if app is not None:
            app.setPalette(themes.palette_for(self.theme))
            app.setStyleSheet(themes.stylesheet_for(self.theme) + self.extra_css)
        self.scene.set_theme(self.theme)
        self.binding.set_theme(self.theme)
        for act in self.theme_group.actions():
            act.setChecked(act.data() == name)
        for panel in self._built.values():
            panel.set_theme(self.theme)
        if self.remember:
            settings().setValue("theme", name)
        self.themeChanged.emit(self.theme)

    def cycle_theme(self) -> None:
        """Ctrl+T: the next theme that looks different ("system" may already be "light", and a
        key that seems to do nothing in front of a class is a bug)."""
        order = list(themes.THEME_LABELS)
        current = self.state.theme if self.state.theme in order else order[0]
        shown = themes.resolve(current).name
        i = order.index(current)
        for step in range(1, len(order) + 1):
            candidate = order[(i + step) % len(order)]
            if themes.resolve(candidate).name != shown:
                self.state.set_theme(candidate)
                return

    # files ------------------------------------------------------------------------------------
    def open_layers(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, QCoreApplication.translate("MainWindow", "Open layers file"), "", QCoreApplication.translate("MainWindow", "Stack files (*.yaml *.yml)"))
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
        self.show_message(QCoreApplication.translate("MainWindow", "Loaded {path}. Restart Stackscope to see it everywhere.").format(path=path), 8000)
        old_scene = self.scene
        self.scene = ColumnScene(stack, self.theme)
        self.column.column = self.scene
        self.column.setScene(self.scene)
        self.column.selected = None
        size = self.column.viewport().size()
        self.scene.layout(size.width(), size.height())
        self.state.replace_stack(stack)
        self.binding.rebind()
        old_scene.deleteLater()
        return True

    def open_library_folder(self) -> None:
        """Show the user library in the file manager (made first, with its sub-folders)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from desktop.core import library

        try:
            root = library.ensure()
        except OSError as exc:
            self.state.status(QCoreApplication.translate("MainWindow", "Your library folder cannot be made: {why}")
                              .format(why=exc.strerror or exc))
            return
        self.state.status(QCoreApplication.translate("MainWindow", "Your library: {path}").format(path=root))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(root)))

    def watch_library(self) -> None:
        """Reload the library when one of its files changes: read it off the UI thread first,
        then watch what it found (a burst of saves reloads once)."""
        from desktop.core import library

        def watch(paths: list) -> None:
            from PySide6.QtCore import QFileSystemWatcher, QTimer

            self._watcher = QFileSystemWatcher([str(p) for p in paths if p.exists()], self)
            self._reload_soon = QTimer(self)
            self._reload_soon.setSingleShot(True)
            self._reload_soon.setInterval(LIBRARY_SETTLE_MS)
            self._reload_soon.timeout.connect(self._library_changed)
            self._watcher.directoryChanged.connect(lambda _p: self._reload_soon.start())
            self._watcher.fileChanged.connect(lambda _p: self._reload_soon.start())

        self.runner(lambda: library.current().watch_paths(), watch)

    def _library_changed(self) -> None:
        result = self.state.reload_library()
        paths = [str(p) for p in result.library.watch_paths() if p.exists()]
        missing = [p for p in paths if p not in self._watcher.files() + self._watcher.directories()]
        if missing:
            self._watcher.addPaths(missing)

    def open_lesson_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, QCoreApplication.translate("MainWindow", "Open a lesson"), "", QCoreApplication.translate("MainWindow", "Lessons (*.yaml *.yml)"))
        if path:
            self.open_lesson_file(Path(path))

    def open_lesson_file(self, path: Path) -> bool:
        """Check the file, remember its folder, list it and open it."""
        from desktop.core.learn.lessons import load_lesson

        lesson, problems = load_lesson(path)
        if lesson is None:
            from desktop.ui.dialogs import problems_dialog

            problems_dialog(str(path), problems, self, refused=QCoreApplication.translate("MainWindow", "so it cannot be opened yet")).exec()
            return False
        self._add_lessons_folder(Path(path).resolve().parent)
        self.show_panel("lessons")
        self.state.lessons.open(lesson.id)
        return True

    def open_lessons_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, QCoreApplication.translate("MainWindow", "Open a folder of lessons"))
        if folder:
            count = self.open_lessons_folder(Path(folder))
            self.show_message(QCoreApplication.translate("MainWindow", "{count} lesson(s) from {folder} added to the list")
                                         .format(count=count, folder=folder), 8000)

    def open_lessons_folder(self, folder: Path) -> int:
        folder = Path(folder).resolve()
        self._add_lessons_folder(folder)
        self.show_panel("lessons")
        return sum(1 for lesson in self.state.lessons.lessons if Path(lesson.source).resolve().parent == folder)

    def _add_lessons_folder(self, folder: Path) -> None:
        self.state.lessons.add_folder(folder)
        if self.remember:
            settings().setValue("lessons/extra", list(self.state.lessons.extra_folders))

    EXPORT_SIZES = (("1920 × 1080 (slides), clean", (1920, 1080)), ("1920 × 1080 (slides), as on screen", (1920, 1080)),
                    ("3840 × 2160 (4K), clean", (3840, 2160)), ("1240 × 1754 (A4 portrait), clean", (1240, 1754)),
                    ("As on screen", None))

    def export_image(self) -> None:
        """PNG or SVG of the column as it is now (selection, lens, flow moment, fault), at a
        chosen size."""
        from PySide6.QtWidgets import QInputDialog

        from desktop.ui.export import save_column_at

        labels = [_t(label) for label, _size in self.EXPORT_SIZES]
        label, ok = QInputDialog.getItem(self, QCoreApplication.translate("MainWindow", "Export the column"), QCoreApplication.translate("MainWindow", "Size"), labels, 0, False)
        if not ok:
            return
        path, _ = QFileDialog.getSaveFileName(self, QCoreApplication.translate("MainWindow", "Export the column"), "stackscope.png",
                                              QCoreApplication.translate("MainWindow", "PNG image (*.png);;SVG drawing (*.svg)"))
        if path:
            chosen = self.EXPORT_SIZES[labels.index(label)]
            size = chosen[1] or (round(self.scene.size[0]), round(self.scene.size[1]))
            save_column_at(self.scene, Path(path), *size, clean="clean" in chosen[0])
            self.show_message(QCoreApplication.translate("MainWindow", "Saved {path}").format(path=path), 6000)

    # dialogs ----------------------------------------------------------------------------------
    def keyboard_rows(self) -> list[tuple[str, str]]:
        """Every documented key: the menus' shortcuts, the keys that follow the state, and
        each panel's own."""
        from desktop.ui.panels import PANELS

        rows = [(QCoreApplication.translate("MainWindow", "PageDown / Space / →"), QCoreApplication.translate("MainWindow", "presenter mode: next lesson step, flow hop or layer")),
                (QCoreApplication.translate("MainWindow", "PageUp / ← / Backspace"), QCoreApplication.translate("MainWindow", "presenter mode: back")),
                (QCoreApplication.translate("MainWindow", "Esc"), QCoreApplication.translate("MainWindow", "presenter mode: leave")),
                (QCoreApplication.translate("MainWindow", "Page Down / Page Up"), QCoreApplication.translate("MainWindow", "Lessons panel: next / previous step; Flow panel: next / previous hop")),
                (QCoreApplication.translate("MainWindow", "Space"), QCoreApplication.translate("MainWindow", "Flow panel: play or pause")),
                (QCoreApplication.translate("MainWindow", "→ / ←"), QCoreApplication.translate("MainWindow", "Flow panel: step to the next / previous hop")),
                (QCoreApplication.translate("MainWindow", "Home"), QCoreApplication.translate("MainWindow", "Flow panel: restart the flow"))]
        for menu in (self.file_menu, self.view_menu, self.help_menu):
            for act in menu.actions():
                sub = act.menu()
                for a in (sub.actions() if sub else [act]):
                    if not a.shortcut().isEmpty():
                        rows.append((a.shortcut().toString(QKeySequence.NativeText), a.text().replace("&", "")))
        for cls in PANELS:
            rows.extend((key, QCoreApplication.translate("Panels", text)) for key, text in cls.keys)
        return rows

    def show_keyboard(self) -> None:
        from desktop.ui.dialogs import keyboard_dialog

        keyboard_dialog(self.keyboard_rows(), self).exec()

    def welcome(self):
        """The welcome card, made on first use; its buttons are state calls."""
        if self._welcome is None:
            from desktop.ui.welcome import WelcomeCard

            card = WelcomeCard(self, settings() if self.remember else None)
            card.playRequested.connect(self._welcome_play)
            card.lessonRequested.connect(self._welcome_lesson)
            card.keysRequested.connect(self.show_keyboard)
            self._welcome = card
        return self._welcome

    def show_welcome(self) -> None:
        self.welcome().present()

    def welcome_if_first_run(self) -> None:
        """On the very first launch only (closing the card remembers it was seen)."""
        from desktop.ui.welcome import should_show

        if self.remember and should_show(settings()):
            self.show_welcome()

    def _welcome_play(self) -> None:
        self.show_panel("flow")
        self.state.flow.load("netflix-play" if "netflix-play" in self.state.flow.flow_ids() else None, play=True)

    def _welcome_lesson(self) -> None:
        self.show_panel("lessons")
        self.state.lessons.ensure_loaded()
        if self.state.lessons.lessons:
            self.state.lessons.open(self.state.lessons.lessons[0].id)

    def show_sources(self) -> None:
        from desktop.ui.dialogs import SourcesDialog

        SourcesDialog(self).exec()

    def show_about(self) -> None:
        from desktop.ui.dialogs import about_dialog

        about_dialog(self).exec()

    # geometry ---------------------------------------------------------------------------------
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

    def _open_store(self, folder: Path):
        """The student's progress, locked against a second running copy, its saves reported in
        the status bar."""
        from desktop.ui.save_banner import open_progress_store, status_banner

        store = open_progress_store(folder)
        status_banner(self).attach(store)
        return store

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        presenter = getattr(self, "presenter", None)   # resized once before it exists
        if presenter is not None and presenter.active:
            presenter.fit()

    def layout_to_remember(self):
        """The window's geometry and splitter state for the next start (the ones from before
        presenter mode if it is on)."""
        if self.presenter.active:
            return self.presenter.layout_to_remember()
        return self.saveGeometry(), self.splitter.saveState()

    def closeEvent(self, event) -> None:  # noqa: N802
        store = self.state.lessons.store
        if store is not None:
            from desktop.ui.save_banner import offer_save_elsewhere

            if not offer_save_elsewhere(self, store):   # progress not kept: save it elsewhere?
                event.ignore()
                return
        if self.remember:
            s = settings()
            geometry, split = self.layout_to_remember()
            s.setValue("geometry", geometry)
            s.setValue("splitter", split)
            s.setValue("version", __version__)
        super().closeEvent(event)


