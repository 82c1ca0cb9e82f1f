"""Lesson mode: the lesson list with progress, one step at a time, checks with feedback.

The panel is a thin view over ``desktop.core.learn.session``: the session decides where the
student is, grades answers and saves progress atomically; the panel renders the step as
Markdown, lights up what the step names on the column, carries out its action (select, run a
flow, seek, inject a fault, show a lens, open load mode or the scale view) and shows feedback.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QButtonGroup, QCheckBox,
                               QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QMessageBox, QProgressBar, QPushButton,
                               QRadioButton, QStackedWidget, QVBoxLayout, QWidget)

from desktop.ui.markdown_view import MarkdownView
from desktop.ui.settings import data_dir, settings, user_lessons_dir

LEVEL_MARK = {"beginner": "●○○", "intermediate": "●●○", "advanced": "●●●"}


class CheckWidget(QWidget):
    """The controls for one check (choice, numeric or order) and a way to read the answer."""

    def __init__(self, session, stack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.core.learn.lessons import item_label

        self.stack = stack
        self.check = session.step.check
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        from html import escape

        prompt = QLabel(f"<b>{escape(self.check.prompt)}</b>")   # text, never markup
        prompt.setWordWrap(True)
        prompt.setTextFormat(Qt.RichText)
        layout.addWidget(prompt)
        self.buttons: list[tuple[int, QCheckBox | QRadioButton]] = []
        if self.check.kind == "choice":
            group = QButtonGroup(self)
            group.setExclusive(not self.check.multiple)
            for index in session.option_order():
                text = self.check.options[index].text
                button = QCheckBox(text) if self.check.multiple else QRadioButton(text)
                button.setAccessibleName(f"Answer: {text}")
                group.addButton(button)
                layout.addWidget(button)
                self.buttons.append((index, button))
            if self.check.multiple:
                layout.addWidget(QLabel("<i>Choose every answer that is right.</i>"))
        elif self.check.kind == "numeric":
            row = QHBoxLayout()
            self.number = QLineEdit()
            self.number.setAccessibleName("Your answer")
            self.number.setPlaceholderText("a number")
            row.addWidget(self.number, 1)
            row.addWidget(QLabel(self.check.unit))
            layout.addLayout(row)
        else:
            hint = QLabel("<i>Drag the items (or select one and use Move up / Move down) into order, first at the top.</i>")
            hint.setWordWrap(True)
            layout.addWidget(hint)
            self.items = QListWidget()
            self.items.setAccessibleName("Items to put in order")
            self.items.setDragDropMode(QAbstractItemView.InternalMove)
            for item in session.order_items():
                entry = QListWidgetItem(item_label(item, stack))
                entry.setData(Qt.UserRole, item)
                self.items.addItem(entry)
            self.items.setMinimumHeight(min(260, 28 * len(self.check.items) + 8))
            layout.addWidget(self.items)
            moves = QHBoxLayout()
            up, down = QPushButton("Move up"), QPushButton("Move down")
            up.setAccessibleName("Move the selected item up")
            down.setAccessibleName("Move the selected item down")
            up.clicked.connect(lambda: self.move(-1))
            down.clicked.connect(lambda: self.move(1))
            moves.addWidget(up)
            moves.addWidget(down)
            layout.addLayout(moves)

    def move(self, delta: int) -> None:
        row = self.items.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.items.count():
            return
        item = self.items.takeItem(row)
        self.items.insertItem(target, item)
        self.items.setCurrentRow(target)

    def answer(self):
        if self.check.kind == "choice":
            return [index for index, button in self.buttons if button.isChecked()]
        if self.check.kind == "numeric":
            return self.number.text()
        return [self.items.item(i).data(Qt.UserRole) for i in range(self.items.count())]

    def set_answer(self, value) -> None:
        """Fill the controls (tests, and restoring a previous answer)."""
        if self.check.kind == "choice":
            for index, button in self.buttons:
                button.setChecked(index in set(value))
        elif self.check.kind == "numeric":
            self.number.setText(str(value))
        else:
            from desktop.core.learn.lessons import item_label

            self.items.clear()
            for item in value:
                entry = QListWidgetItem(item_label(item, self.stack))
                entry.setData(Qt.UserRole, item)
                self.items.addItem(entry)


class LessonPanel(QWidget):
    keeps_focus = True  # selecting on the column must not pull the student out of the lesson

    def __init__(self, window) -> None:
        super().__init__()
        from desktop.ui.save_banner import open_progress_store, status_banner

        self.window = window
        self.store = open_progress_store(data_dir())   # locked: a second copy is read-only
        status_banner(window).attach(self.store)          # a failed save shows in the status bar
        self.user_folder = user_lessons_dir()             # readable even on a read-only disk
        self.user_folder.mkdir(parents=True, exist_ok=True)
        self.lessons: list = []
        self.problems: list = []
        self.session = None
        self.check_widget: CheckWidget | None = None
        self._clock = QElapsedTimer()
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)
        self._build_list_page()
        self._build_step_page()
        self._loaded = False
        window.steppers.insert(0, self._clicker)
        QApplication.instance().installEventFilter(LessonKeys(window, self))
        if self.store.recovered_from is not None:
            window.statusBar().showMessage("Your lesson progress file was damaged; it was kept aside "
                                           "and a fresh one started.", 15000)
        self.reload()

    # list page --------------------------------------------------------------------------------
    def _build_list_page(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel("<b>Lessons</b> — each walks through one part of the stack: predict, watch, explain. "
                       "Your progress is saved on this computer.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName("Lesson list")
        self.list.itemActivated.connect(self._open_item)
        self.list.itemDoubleClicked.connect(self._open_item)
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("Start / resume")
        self.open_button.setAccessibleName("Start or resume the chosen lesson")
        self.open_button.clicked.connect(lambda: self._open_item(self.list.currentItem()))
        self.reset_button = QPushButton("Reset progress…")
        self.reset_button.setAccessibleName("Reset all lesson progress")
        self.reset_button.clicked.connect(self.ask_reset)
        self.folder_button = QPushButton("Your lessons folder")
        self.folder_button.setAccessibleName("Open the folder for your own lessons")
        self.folder_button.setToolTip(str(self.user_folder))
        self.folder_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.user_folder))))
        for b in (self.open_button, self.reset_button, self.folder_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.list_note = QLabel()
        self.list_note.setWordWrap(True)
        self.list_note.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.list_note.setAccessibleName("Lesson notes")
        layout.addWidget(self.list_note)
        self.pages.addWidget(page)

    def extra_folders(self) -> list[str]:
        stored = settings().value("lessons/extra", []) or []
        return [str(p) for p in ([stored] if isinstance(stored, str) else stored)]

    def reload(self) -> None:
        from desktop.core.data.deadline import load_lessons_with_deadline

        folders = [str(self.user_folder), *self.extra_folders()]
        self.lessons, self.problems = load_lessons_with_deadline(folders)   # off the UI thread
        self._loaded = True
        self.refresh_list()

    def refresh_list(self) -> None:
        self.list.clear()
        for lesson in self.lessons:
            p = self.store.get(lesson.id)
            if p.completed:
                state = "✓ done"
            elif p.fresh:
                state = "new"
            else:
                state = f"step {p.step + 1} of {len(lesson.steps)}"
            where = "" if lesson.shipped else "  [your lesson]"
            item = QListWidgetItem(f"{lesson.title}\n   {LEVEL_MARK.get(lesson.level, '')} {lesson.level} · "
                                   f"{lesson.minutes} min · {len(lesson.steps)} steps · {state}{where}")
            item.setData(Qt.UserRole, lesson.id)
            item.setToolTip(lesson.summary)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        notes = [f"Your own lessons go in <code>{self.user_folder}</code> (or File → Open lesson…)."]
        if self.store.recovered_from is not None:
            notes.append(f"Your progress file could not be read ({self.store.recovery_reason}); it was kept as "
                         f"<code>{self.store.recovered_from.name}</code> and a fresh one started.")
        if self.problems:
            bad = sorted({Path(p.path).name for p in self.problems})
            notes.append(f"{len(bad)} lesson file(s) have problems and are not listed: {', '.join(bad)}. "
                         f"<code>python -m desktop check</code> names each one.")
        self.list_note.setText("<br>".join(notes))

    def _open_item(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.open_lesson(item.data(Qt.UserRole))

    def ask_reset(self) -> None:
        answer = QMessageBox.question(self, "Reset progress",
                                      "Forget the progress of every lesson? This cannot be undone.",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer == QMessageBox.Yes:
            self.store.reset()
            self.refresh_list()

    def open_folder(self, folder: Path) -> int:
        """File → Open lessons folder…: remember it and list its lessons (no copying, no rebuild)."""
        folder = Path(folder).resolve()
        extra = self.extra_folders()
        if str(folder) not in extra and folder != self.user_folder.resolve():
            settings().setValue("lessons/extra", [*extra, str(folder)])
        self.reload()
        self.window.show_panel(self)
        return sum(1 for l in self.lessons if Path(l.source).resolve().parent == folder)

    def open_file(self, path: Path) -> None:
        """File → Open lesson…: check it, remember its folder, open it."""
        from desktop.core.learn.lessons import load_lesson

        lesson, problems = load_lesson(path)
        if lesson is None:
            from desktop.ui.dialogs import problems_dialog

            dialog = problems_dialog(str(path), problems, self.window)
            dialog.view.setMarkdown(dialog.view.toMarkdown().replace(
                "so Stackscope is using its own copy of the stack instead", "so it cannot be opened yet"))
            dialog.exec()
            return
        folder = str(Path(path).resolve().parent)
        extra = self.extra_folders()
        if folder not in extra and Path(folder) != self.user_folder.resolve():
            settings().setValue("lessons/extra", [*extra, folder])
        self.reload()
        self.window.show_panel(self)
        self.open_lesson(lesson.id)

    # step page ------------------------------------------------------------------------------
    def _build_step_page(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.back_to_list = QPushButton("◀ Lessons")
        self.back_to_list.setAccessibleName("Back to the lesson list")
        self.back_to_list.clicked.connect(self.close_lesson)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        top.addWidget(self.back_to_list)
        top.addWidget(self.heading, 1)
        layout.addLayout(top)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Lesson progress")
        self.progress.setTextVisible(True)
        layout.addWidget(self.progress)
        self.text = MarkdownView("Lesson step")
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)  # reading text: a little larger than the chrome
        self.text.setFont(font)
        layout.addWidget(self.text, 3)
        self.action_row = QHBoxLayout()
        self.play_button = QPushButton("▶ Play the flow")
        self.play_button.setAccessibleName("Play or pause the lesson's flow")
        self.play_button.clicked.connect(self._toggle_flow)
        self.action_row.addWidget(self.play_button)
        self.action_note = QLabel()
        self.action_note.setWordWrap(True)
        self.action_row.addWidget(self.action_note, 1)
        layout.addLayout(self.action_row)
        self.check_holder = QVBoxLayout()
        layout.addLayout(self.check_holder)
        answer_row = QHBoxLayout()
        self.submit = QPushButton("Check my answer")
        self.submit.setAccessibleName("Check my answer")
        self.submit.clicked.connect(self.submit_answer)
        self.hint_button = QPushButton("Hint")
        self.hint_button.setAccessibleName("Show a hint")
        self.hint_button.clicked.connect(self.show_hint)
        answer_row.addWidget(self.submit)
        answer_row.addWidget(self.hint_button)
        answer_row.addStretch(1)
        layout.addLayout(answer_row)
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName("Feedback")
        self.feedback.setTextFormat(Qt.RichText)
        layout.addWidget(self.feedback)
        nav = QHBoxLayout()
        self.back = QPushButton("◀ Back")
        self.back.setAccessibleName("Previous step (Page Up)")
        self.back.clicked.connect(lambda: self.go(-1))
        self.next = QPushButton("Next ▶")
        self.next.setAccessibleName("Next step (Page Down)")
        self.next.clicked.connect(lambda: self.go(1))
        nav.addWidget(self.back)
        self.handout_button = QPushButton("Handout PDF…")
        self.handout_button.setAccessibleName("Save this lesson as a printable PDF handout, without the answers")
        self.handout_button.clicked.connect(lambda: self.save_handout())
        nav.addStretch(1)
        nav.addWidget(self.handout_button)
        nav.addStretch(1)
        nav.addWidget(self.next)
        layout.addLayout(nav)
        self.pages.addWidget(page)

    def save_handout(self, path: Path | None = None) -> Path | None:
        from desktop.core.sim.figures import shipped_figures
        from desktop.core.learn.handout import handout_markdown
        from desktop.ui.export import save_pdf

        if self.session is None:
            return None
        lesson = self.session.lesson
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save a handout", f"{lesson.id}.pdf", "PDF (*.pdf)")
            if not chosen:
                return None
            path = Path(chosen)
        save_pdf(handout_markdown(lesson, self.window.stack, shipped_figures()), path, lesson.title)
        self.window.statusBar().showMessage(f"Saved {path}", 6000)
        return path

    # lessons --------------------------------------------------------------------------------
    def open_lesson(self, lesson_id: str) -> None:
        from desktop.core.learn.session import LessonSession

        if not self._loaded:
            self.reload()
        lesson = next((l for l in self.lessons if l.id == lesson_id), None)
        if lesson is None:
            raise KeyError(f"no lesson '{lesson_id}'")
        self._bank_time()
        self.session = LessonSession(lesson, self.store)
        self.pages.setCurrentIndex(1)
        self._clock.start()
        # Rebuild what earlier steps set up (a flow loaded, a fault, a lens) when resuming.
        for action in self.session.restore_actions()[:-1]:
            self.apply_action(action)
        self.show_step()

    def close_lesson(self) -> None:
        self._bank_time()
        self.session = None
        self.window.scene.set_flag("highlighted", [])
        self.pages.setCurrentIndex(0)
        self.refresh_list()

    def _bank_time(self) -> None:
        if self.session is not None and self._clock.isValid():
            self.session.add_time(self._clock.restart() / 1000.0)

    def go(self, direction: int) -> bool:
        if self.session is None:
            return False
        moved = self.session.next() if direction > 0 else self.session.back()
        if moved:
            self._bank_time()
            self.show_step()
        return True

    def go_to(self, index: int) -> None:
        self.session.go_to(index)
        for action in self.session.restore_actions()[:-1]:
            self.apply_action(action)
        self.show_step()

    def _clicker(self, direction: int) -> bool:
        """Presenter clicker: steps the lesson when one is open."""
        return self.session is not None and self.go(direction)

    def show_step(self) -> None:
        s = self.session
        step = s.step
        lesson = s.lesson
        self.heading.setText(f"<b>{lesson.title}</b><br>Step {s.index + 1} of {s.count}"
                             + (" · ✓ lesson complete" if s.completed else ""))
        self.progress.setRange(0, s.count)
        self.progress.setValue(s.index + 1)
        self.progress.setFormat(f"step {s.index + 1} of {s.count}")
        self.text.show_markdown(step.title, _with_sources(step.text))
        self.window.scene.set_flag("highlighted", [r for r in step.highlight if r in self.window.scene.items_by_ref])
        self.action_note.setText("")
        self.play_button.setVisible(False)
        if step.action is not None:
            self.apply_action(step.action)
        self._show_check()
        self.back.setEnabled(not s.is_first)
        self.next.setText("Finish ✓" if s.is_last else "Next ▶")
        self.next.setEnabled(not s.is_last)

    def _show_check(self) -> None:
        if self.check_widget is not None:
            self.check_widget.setParent(None)
            self.check_widget.deleteLater()
            self.check_widget = None
        check = self.session.step.check
        self.submit.setVisible(check is not None)
        self.hint_button.setVisible(check is not None)
        self.feedback.setText("")
        if check is None:
            return
        self.check_widget = CheckWidget(self.session, self.window.stack)
        self.check_holder.addWidget(self.check_widget)
        record = self.session.record()
        if record.solved:
            self.feedback.setText("✓ You have answered this one correctly already.")

    def submit_answer(self):
        if self.session is None or self.check_widget is None:
            return None
        result = self.session.answer(self.check_widget.answer())
        mark = "✓ Right." if result.correct else ("✗ Not quite." if result.valid else "")
        self.feedback.setText(f"<b>{mark}</b> {result.feedback}")
        self.feedback.setAccessibleDescription(result.feedback)
        if self.session.completed:
            self.heading.setText(self.heading.text().split(" · ✓")[0] + " · ✓ lesson complete")
        return result

    def show_hint(self) -> None:
        if self.session is not None:
            self.feedback.setText(f"<b>Hint:</b> {self.session.hint()}")

    # actions ----------------------------------------------------------------------------------
    def apply_action(self, action) -> None:
        """Carry out a step's action on the rest of the app (whatever features are installed)."""
        w = self.window
        kind = action.kind
        if kind == "select":
            w.select(action.ref)
        elif kind == "lens" and hasattr(w, "set_lens"):
            w.set_lens(action.lens)
        elif kind == "flow" and hasattr(w, "flow_panel"):
            w.flow_panel.load(action.flow)
            self._flow_controls(f"Flow loaded: {w.flow_panel.flow.title}. Play it here, or open the Flow tab for its plots.")
            if action.play:
                w.flow_panel.controller.play()
        elif kind == "seek" and hasattr(w, "flow_panel") and action.at is not None:
            w.flow_panel.controller.seek(action.at)
            self._flow_controls(f"Jumped to {action.at:g} s of simulated time.")
        elif kind == "fault" and hasattr(w, "set_fault"):
            w.set_fault(action.fault, True, at=action.at)
            self.action_note.setText(f"Fault injected: {action.fault}. Watch which layers it reaches.")
        elif kind == "load" and hasattr(w, "load_panel"):
            w.load_panel.load(action.flow, rps=action.rps or None)
            r = w.load_panel.result
            if r is not None:
                self.action_note.setText(f"Load mode: {r.rps:,.0f} req/s → p50 {r.p50_s * 1e3:.0f} ms, "
                                         f"p99 {r.p99_s * 1e3:.0f} ms. The Load tab shows the curves.")
        elif kind == "scale" and hasattr(w, "scale_panel"):
            w.scale_panel.apply_preset(action.preset)
            w.left.setCurrentWidget(w.scale_panel.strip)
            self.action_note.setText("The scale view replaces the column while this step shows; "
                                     "the Scale tab has its sliders.")
            return
        if w.left.currentWidget() is not w.column and kind != "scale":
            w.left.setCurrentWidget(w.column)

    def _flow_controls(self, note: str) -> None:
        self.play_button.setVisible(True)
        self.action_note.setText(note)

    def _toggle_flow(self) -> None:
        if hasattr(self.window, "flow_panel"):
            self.window.flow_panel.controller.toggle()


def _with_sources(text: str) -> str:
    """Show an author's ``(figure: h100.tdp)`` to students as its source, in small italics."""
    import re

    from desktop.core.sim.figures import shipped_figures

    figures = shipped_figures()

    def cite(match: "re.Match[str]") -> str:
        names = [n.strip() for n in match.group(2).split(",")]
        sources = [figures.get(n).source for n in names if n in figures]
        return f" *[{'; '.join(dict.fromkeys(sources))}]*" if sources else ""

    return re.sub(r"\s*\((figures?):\s*([^)]*)\)", cite, text)


class LessonKeys(QObject):
    """PageUp / PageDown step the open lesson while the lesson panel shows."""

    def __init__(self, window, panel: LessonPanel) -> None:
        super().__init__(window)
        self.window, self.panel = window, panel

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if (event.type() != QEvent.KeyPress or self.panel.session is None
                or self.window.current_panel() is not self.panel
                or getattr(self.window.presenter, "active", False)
                or not isinstance(obj, QWidget) or obj.window() is not self.window):
            return False
        if event.key() == Qt.Key_PageDown:
            return self.panel.go(1)
        if event.key() == Qt.Key_PageUp:
            return self.panel.go(-1)
        return False


def install(window) -> None:
    window.add_panel("lesson_panel", "Lessons", LessonPanel)
    act = window._action(window.file_menu, "Open &lesson…", lambda: _open_dialog(window), "Ctrl+L",
                         "Open a lesson file an instructor wrote")
    window.file_menu.insertAction(window.file_menu.actions()[1], act)
    folder_act = window._action(window.file_menu, "Open lessons &folder…", lambda: _open_folder_dialog(window),
                                "Ctrl+Shift+L", "List every lesson in a folder an instructor shares")
    window.file_menu.insertAction(window.file_menu.actions()[2], folder_act)
    window.extra_shortcuts += [
        ("Page Down / Page Up", "Lessons panel: next / previous step"), ("Ctrl+L", "open a lesson file")]
    window.render_hooks.append(lambda args: _render_hook(window, args))


def _open_dialog(window) -> None:
    path, _ = QFileDialog.getOpenFileName(window, "Open a lesson", "", "Lessons (*.yaml *.yml)")
    if path:
        window.lesson_panel.open_file(Path(path))


def _open_folder_dialog(window) -> None:
    from PySide6.QtWidgets import QFileDialog

    folder = QFileDialog.getExistingDirectory(window, "Open a folder of lessons")
    if folder:
        count = window.lesson_panel.open_folder(Path(folder))
        window.statusBar().showMessage(f"{count} lesson(s) from {folder} added to the list", 8000)


def _render_hook(window, args) -> None:
    lesson = getattr(args, "lesson", None)
    if not lesson:
        return
    panel = window.lesson_panel
    window.show_panel(panel)
    panel.open_lesson(lesson)
    step = getattr(args, "step", None)
    if step is not None:
        panel.go_to(max(0, int(step) - 1))
    QApplication.processEvents()
