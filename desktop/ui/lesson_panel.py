"""Lesson mode: the lesson list with progress, one step at a time, checks with feedback.

A thin view over ``state.lessons`` (``desktop.app.lessons.LessonState``): the session decides
where the student is, grades answers and saves progress; the state carries out each step's
action (a flow, a fault, a lens, load mode, the scale view) and lights the step's highlight.
This panel renders the step as Markdown, builds the check's controls and shows feedback.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QT_TRANSLATE_NOOP, QUrl, Qt
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QCheckBox, QFileDialog, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QProgressBar, QPushButton, QRadioButton, QSizePolicy, QStackedWidget, QVBoxLayout,
                               QWidget)

from desktop.ui.markdown_view import MarkdownView
from desktop.ui.panel import Panel

QWIDGETSIZE_MAX = (1 << 24) - 1   # Qt's "no maximum"
MIN_SQUEEZED_VIEW = 60            # a step view on a page with no room left: a strip, not nothing

if TYPE_CHECKING:
    from pathlib import Path

    from desktop.app.state import AppState

LEVEL_MARK = {"beginner": "●○○", "intermediate": "●●○", "advanced": "●●●"}


def breakable_path(path) -> str:
    """A path that may wrap after each separator (a zero-width space there): a long folder
    name in a narrow panel otherwise runs off the label's edge."""
    text = str(path)
    return text.replace("/", "/\u200b").replace("\\", "\\\u200b")


def verdict(result) -> str:
    """A mark, then "Right" or "Not quite" said once and the author's explanation without its
    own lead-in ("Not quite. Not yet." never happens)."""
    from desktop.core.learn.session import feedback_text

    text = feedback_text(result)
    if not result.valid:
        return text
    return f"<b>{'✓' if result.correct else '✗'}</b> {text}"


class _AnswerText(QLabel):
    """An answer's words beside its button, wrapping (a radio button's own text never wraps,
    so a long answer was cut at projector type); a click on the words picks the answer."""

    def __init__(self, text: str, button: QCheckBox | QRadioButton) -> None:
        super().__init__(text)
        self._button = button
        self.setWordWrap(True)
        self.setTextFormat(Qt.PlainText)     # an answer is text, never markup
        self.setBuddy(button)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.LeftButton and self.rect().contains(event.position().toPoint()):
            self._button.click()
            self._button.setFocus(Qt.MouseFocusReason)


def _answer_row(button: QCheckBox | QRadioButton, text: str) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(button, 0, Qt.AlignTop)
    row.addWidget(_AnswerText(text, button), 1)
    return row


class CheckWidget(QWidget):
    """The controls for one check (choice, numeric or order) and a way to read the answer."""

    def __init__(self, session, stack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.core.learn.session import check_item_label as item_label

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
                button = QCheckBox() if self.check.multiple else QRadioButton()
                button.setAccessibleName(QCoreApplication.translate("LessonPanel", "Answer: {text}").format(text=text))
                group.addButton(button)
                layout.addLayout(_answer_row(button, text))
                self.buttons.append((index, button))
            if self.check.multiple:
                layout.addWidget(QLabel("<i>" + QCoreApplication.translate("LessonPanel", "Choose every answer that is right.") + "</i>"))
        elif self.check.kind == "numeric":
            row = QHBoxLayout()
            self.number = QLineEdit()
            self.number.setAccessibleName(QCoreApplication.translate("LessonPanel", "Your answer"))
            self.number.setPlaceholderText(QCoreApplication.translate("LessonPanel", "a number, then Enter"))
            row.addWidget(self.number, 1)
            row.addWidget(QLabel(self.check.unit))
            layout.addLayout(row)
        else:
            hint = QLabel("<i>" + QCoreApplication.translate("LessonPanel", "Drag the items (or select one and use Move up / Move down) into order, "
                                     "first at the top.") + "</i>")
            hint.setWordWrap(True)
            layout.addWidget(hint)
            self.items = QListWidget()
            self.items.setAccessibleName(QCoreApplication.translate("LessonPanel", "Items to put in order"))
            self.items.setDragDropMode(QAbstractItemView.InternalMove)
            for item in session.order_items():
                entry = QListWidgetItem(item_label(item, stack))
                entry.setData(Qt.UserRole, item)
                self.items.addItem(entry)
            self.items.setMinimumHeight(min(260, 28 * len(self.check.items) + 8))
            layout.addWidget(self.items)
            moves = QHBoxLayout()
            up, down = QPushButton(QCoreApplication.translate("LessonPanel", "Move up")), QPushButton(QCoreApplication.translate("LessonPanel", "Move down"))
            up.setAccessibleName(QCoreApplication.translate("LessonPanel", "Move the selected item up"))
            down.setAccessibleName(QCoreApplication.translate("LessonPanel", "Move the selected item down"))
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
            from desktop.core.learn.session import check_item_label as item_label

            self.items.clear()
            for item in value:
                entry = QListWidgetItem(item_label(item, self.stack))
                entry.setData(Qt.UserRole, item)
                self.items.addItem(entry)


class LessonPanel(Panel):
    key = "lessons"
    title = QT_TRANSLATE_NOOP("Panels", "Lessons")
    shortcut = "Ctrl+4"
    keeps_focus = True  # selecting on the column must not pull the student out of the lesson
    render_options = ("lesson", "step")
    keys = (("Enter", QT_TRANSLATE_NOOP("Panels", "in a check: check my answer")),)

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.lessons = state.lessons
        self.check_widget: CheckWidget | None = None
        self.step_view = None            # the view a step with 'show:' draws (lesson_views.StepView)
        self._theme = None
        self._clock = QElapsedTimer()
        from desktop.ui.save_banner import SaveBanner

        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.save_banner = SaveBanner(self)     # "Progress not saved: disk full", at once
        layout.addWidget(self.save_banner)
        layout.addWidget(self.pages)
        self._build_list_page()
        self._build_step_page()
        self.lessons.events.listed.connect(lambda _l: self.refresh_list())
        self.lessons.events.step.connect(lambda _l: self._on_step())
        self.lessons.events.answered.connect(self._on_answered)
        self.lessons.events.closed.connect(lambda _l: self._on_closed())
        self.lessons.events.held.connect(lambda reason: self.next_reason.setText(reason))
        store = self.lessons.ensure_store()
        self.save_banner.attach(store)
        if store.recovered_from is not None:
            state.status(QCoreApplication.translate("LessonPanel", "Your lesson progress file was damaged; it was kept aside and a fresh one started."))
        if self.lessons.loaded:
            self.refresh_list()
        else:
            self.lessons.reload()
        if self.lessons.session is not None:
            self._on_step()

    def apply_render(self, args) -> None:
        if getattr(args, "lesson", None):
            self.lessons.open(args.lesson)
            if getattr(args, "step", None) is not None:
                self.lessons.go_to(max(0, int(args.step) - 1))

    # list page --------------------------------------------------------------------------------
    def _build_list_page(self) -> None:
        # here, not at the top: panels.py imports this module for its class while the window
        # starts, and the list's delegate classes cost start-up a dozen milliseconds
        from desktop.ui.tab_strip import FlowLayout
        from desktop.ui.wrap_list import WrapList

        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(QCoreApplication.translate("LessonPanel", "<b>Lessons</b> — each walks through one part of the stack: predict, watch, explain. "
                          "Your progress is saved on this computer."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = WrapList()     # whole titles at projector type in a narrow panel
        self.list.setAccessibleName(QCoreApplication.translate("LessonPanel", "Lesson list"))
        self.list.itemActivated.connect(self._open_item)
        self.list.itemDoubleClicked.connect(self._open_item)
        layout.addWidget(self.list, 1)
        row = QWidget()
        buttons = FlowLayout(row, spacing=6)   # the buttons wrap onto a second row, never cut
        self.open_button = QPushButton(QCoreApplication.translate("LessonPanel", "Start / resume"))
        self.open_button.setAccessibleName(QCoreApplication.translate("LessonPanel", "Start or resume the chosen lesson"))
        self.open_button.clicked.connect(lambda: self._open_item(self.list.currentItem()))
        self.reset_button = QPushButton(QCoreApplication.translate("LessonPanel", "Reset progress…"))
        self.reset_button.setAccessibleName(QCoreApplication.translate("LessonPanel", "Reset all lesson progress"))
        self.reset_button.clicked.connect(self.ask_reset)
        self.folder_button = QPushButton(QCoreApplication.translate("LessonPanel", "Your lessons folder"))
        self.folder_button.setAccessibleName(QCoreApplication.translate("LessonPanel", "Open the folder for your own lessons"))
        folder = self.lessons.user_folder
        if folder is not None:
            self.folder_button.setToolTip(str(folder))
        self.folder_button.clicked.connect(self._open_user_folder)
        for b in (self.open_button, self.reset_button, self.folder_button):
            buttons.addWidget(b)
        layout.addWidget(row)
        self.list_note = QLabel()
        self.list_note.setWordWrap(True)
        self.list_note.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.list_note.setAccessibleName(QCoreApplication.translate("LessonPanel", "Lesson notes"))
        layout.addWidget(self.list_note)
        self.pages.addWidget(page)

    def _open_user_folder(self) -> None:
        folder = self.lessons.user_folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def refresh_list(self) -> None:
        from pathlib import Path

        store = self.lessons.ensure_store()
        self.list.clear()
        for lesson in self.lessons.lessons:
            p = store.get(lesson.id)
            if p.completed:
                progress = QCoreApplication.translate("LessonPanel", "✓ done")
            elif p.fresh:
                progress = QCoreApplication.translate("LessonPanel", "new")
            else:
                progress = QCoreApplication.translate("LessonPanel", "step {n} of {count}").format(n=p.step + 1, count=len(lesson.steps))
            where = "" if lesson.shipped else "  " + QCoreApplication.translate("LessonPanel", "[your lesson]")
            item = QListWidgetItem(QCoreApplication.translate("LessonPanel", "{title}\n   {mark} {level} · {minutes} min · {steps} steps · {progress}{where}")
                                   .format(title=lesson.title, mark=LEVEL_MARK.get(lesson.level, ""),
                                           level=lesson.level, minutes=lesson.minutes, steps=len(lesson.steps),
                                           progress=progress, where=where))
            item.setData(Qt.UserRole, lesson.id)
            item.setToolTip(lesson.summary)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        notes = []
        if self.lessons.user_folder is not None:
            notes.append(QCoreApplication.translate("LessonPanel", "Your own lessons go in <code>{folder}</code> (or File → Open lesson…).")
                         .format(folder=breakable_path(self.lessons.user_folder)))
        if store.recovered_from is not None:
            notes.append(QCoreApplication.translate("LessonPanel", "Your progress file could not be read ({reason}); it was kept as <code>{name}</code> "
                            "and a fresh one started.").format(reason=store.recovery_reason,
                                                               name=store.recovered_from.name))
        if self.lessons.problems:
            bad = sorted({Path(p.path).name for p in self.lessons.problems})
            notes.append(QCoreApplication.translate("LessonPanel", "{n} lesson file(s) have problems and are not listed: {names}. "
                            "<code>python -m desktop check</code> names each one.")
                         .format(n=len(bad), names=", ".join(bad)))
        self.list_note.setText("<br>".join(notes))

    def _open_item(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.lessons.open(item.data(Qt.UserRole))

    def ask_reset(self) -> None:
        answer = QMessageBox.question(self, QCoreApplication.translate("LessonPanel", "Reset progress"),
                                      QCoreApplication.translate("LessonPanel", "Forget the progress of every lesson? This cannot be undone."),
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer == QMessageBox.Yes:
            self.lessons.ensure_store().reset()
            self.refresh_list()

    # step page ------------------------------------------------------------------------------
    def _build_step_page(self) -> None:
        page = QWidget()
        self.step_page = page
        page.installEventFilter(self)        # its layout requests share the height out (_fit_view)
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.back_to_list = QPushButton(QCoreApplication.translate("LessonPanel", "◀ Lessons"))
        self.back_to_list.setAccessibleName(QCoreApplication.translate("LessonPanel", "Back to the lesson list"))
        self.back_to_list.clicked.connect(self.close_lesson)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        top.addWidget(self.back_to_list)
        top.addWidget(self.heading, 1)
        layout.addLayout(top)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(QCoreApplication.translate("LessonPanel", "Lesson progress"))
        self.progress.setTextVisible(True)
        layout.addWidget(self.progress)
        self.text = MarkdownView(QCoreApplication.translate("LessonPanel", "Lesson step"))
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)  # reading text: a little larger than the chrome
        self.text.setFont(font)
        layout.addWidget(self.text, 3)
        # A step with 'show:' draws that view here, between its text and its buttons, so the
        # student never leaves the lesson to look at a plot on another tab.
        self.view_area = QWidget()
        self.view_area.setAccessibleName(QCoreApplication.translate("LessonPanel", "This step's view"))
        self.view_holder = QVBoxLayout(self.view_area)
        self.view_holder.setContentsMargins(0, 0, 0, 0)
        self.view_area.setVisible(False)
        # its plots ask for hundreds of pixels: ignore that, and share the height with the text
        # by the stretch below, so a 720-line screen still shows the text, the view and the buttons
        self.view_area.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Ignored)
        layout.addWidget(self.view_area, 2)
        self.action_row = QHBoxLayout()
        self.play_button = QPushButton(QCoreApplication.translate("LessonPanel", "▶ Play the flow"))
        self.play_button.setAccessibleName(QCoreApplication.translate("LessonPanel", "Play or pause the lesson's flow"))
        self.play_button.clicked.connect(self.state.flow.toggle)
        self.action_row.addWidget(self.play_button)
        self.action_note = QLabel()
        self.action_note.setWordWrap(True)
        self.action_row.addWidget(self.action_note, 1)
        layout.addLayout(self.action_row)
        self.check_area = QWidget()
        self.check_holder = QVBoxLayout(self.check_area)
        self.check_holder.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check_area)
        # Enter anywhere in the check (an answer typed, a choice ticked) checks the answer.
        for key in (Qt.Key_Return, Qt.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.check_area)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.submit_answer)
        answer_row = QHBoxLayout()
        self.submit = QPushButton(QCoreApplication.translate("LessonPanel", "Check my answer"))
        self.submit.setAccessibleName(QCoreApplication.translate("LessonPanel", "Check my answer"))
        self.submit.clicked.connect(self.submit_answer)
        self.hint_button = QPushButton(QCoreApplication.translate("LessonPanel", "Hint"))
        self.hint_button.setAccessibleName(QCoreApplication.translate("LessonPanel", "Show a hint"))
        self.hint_button.clicked.connect(self.show_hint)
        answer_row.addWidget(self.submit)
        answer_row.addWidget(self.hint_button)
        answer_row.addStretch(1)
        layout.addLayout(answer_row)
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(QCoreApplication.translate("LessonPanel", "Feedback"))
        self.feedback.setTextFormat(Qt.RichText)
        layout.addWidget(self.feedback)
        nav = QHBoxLayout()
        self.back = QPushButton(QCoreApplication.translate("LessonPanel", "◀ Back"))
        self.back.setAccessibleName(QCoreApplication.translate("LessonPanel", "Previous step (Page Up)"))
        self.back.clicked.connect(lambda: self.lessons.go(-1))
        self.next = QPushButton(QCoreApplication.translate("LessonPanel", "Next ▶"))
        self.next.setAccessibleName(QCoreApplication.translate("LessonPanel", "Next step (Page Down)"))
        self.next.clicked.connect(lambda: self.lessons.go(1))
        nav.addWidget(self.back)
        self.handout_button = QPushButton(QCoreApplication.translate("LessonPanel", "Handout PDF…"))
        self.handout_button.setAccessibleName(QCoreApplication.translate("LessonPanel", "Save this lesson as a printable PDF handout, without the answers"))
        self.handout_button.clicked.connect(lambda: self.save_handout())
        nav.addStretch(1)
        nav.addWidget(self.handout_button)
        nav.addStretch(1)
        nav.addWidget(self.next)
        layout.addLayout(nav)
        self.next_reason = QLabel()      # why Next waits: make the prediction first
        self.next_reason.setWordWrap(True)
        self.next_reason.setAccessibleName(QCoreApplication.translate("LessonPanel", "Why Next is waiting"))
        layout.addWidget(self.next_reason)
        self.pages.addWidget(page)

    def save_handout(self, path: Path | None = None) -> Path | None:
        from pathlib import Path

        from desktop.ui.export import save_lesson_handout

        session = self.lessons.session
        if session is None:
            return None
        lesson = session.lesson
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, QCoreApplication.translate("LessonPanel", "Save a handout"), f"{lesson.id}.pdf", QCoreApplication.translate("LessonPanel", "PDF (*.pdf)"))
            if not chosen:
                return None
            path = Path(chosen)
        save_lesson_handout(lesson, self.state.stack, path)   # with pictures of the column, no answers
        self.state.status(QCoreApplication.translate("LessonPanel", "Saved {path}").format(path=path))
        return path

    # the session ----------------------------------------------------------------------------
    def close_lesson(self) -> None:
        self._bank_time()
        self.lessons.close()

    def _on_closed(self) -> None:
        self._show_view("")
        self.pages.setCurrentIndex(0)
        self.refresh_list()

    def _bank_time(self) -> None:
        session = self.lessons.session
        if session is not None and self._clock.isValid():
            session.add_time(self._clock.restart() / 1000.0)

    def _on_step(self) -> None:
        s = self.lessons.session
        if s is None:
            return
        if self.pages.currentIndex() != 1:
            self.pages.setCurrentIndex(1)
            self._clock.start()
        else:
            self._bank_time()
        step = s.step
        done = " · " + QCoreApplication.translate("LessonPanel", "✓ lesson complete") if s.completed else ""
        self.heading.setText(QCoreApplication.translate("LessonPanel", "<b>{title}</b><br>Step {n} of {count}").format(
            title=s.lesson.title, n=s.index + 1, count=s.count) + done)
        self.progress.setRange(0, s.count)
        self.progress.setValue(s.index + 1)
        self.progress.setFormat(QCoreApplication.translate("LessonPanel", "step {n} of {count}").format(n=s.index + 1, count=s.count))
        self.text.show_markdown(step.title, _with_sources(step.text, self.state.figures))
        self.action_note.setText(self.lessons.note)
        self.play_button.setVisible(step.action is not None and step.action.kind == "flow")
        self._show_view(step.show)
        self._show_check()
        self.back.setEnabled(not s.is_first)
        self.next.setText(QCoreApplication.translate("LessonPanel", "Finish ✓") if s.is_last else QCoreApplication.translate("LessonPanel", "Next ▶"))
        self._gate()

    def _gate(self) -> None:
        """Next waits, with its reason beside it, until a prediction is made."""
        s = self.lessons.session
        reason = self.lessons.advance_reason()
        self.next.setEnabled(not s.is_last and not reason)
        self.next_reason.setText(QCoreApplication.translate("LessonSession", reason) if reason else "")

    def _show_view(self, view_id: str) -> None:
        """Build the step's view anew (lazily: only a step with 'show:' pays for it); the one
        before lets go of the state and goes."""
        old = self.step_view
        if old is not None:
            old.detach()
            old.setParent(None)
            old.deleteLater()
            self.step_view = None
        if view_id:
            from desktop.ui.lesson_views import build_step_view

            self.step_view = build_step_view(view_id, self.state, self._current_theme())
            self.view_holder.addWidget(self.step_view)
        self.view_area.setVisible(self.step_view is not None)
        self._fit_view()

    def _fit_view(self) -> None:
        """Share the height between the step's text and its view. The check, the notes and
        the buttons come first (a wrapped prompt must never be cut); then the text, as much
        as it needs to be read without scrolling; then the view, the rest, never under a
        compact floor (a few rows at the type the window uses) unless the page has no room
        left for it, when the view gives way before anything else. Run again on every resize."""
        from desktop.ui.lesson_views import view_floor

        text = self.text
        if self.step_view is None or not self.view_area.isVisible():
            text.setMaximumHeight(QWIDGETSIZE_MAX)
            self.view_area.setMinimumHeight(0)
            self.view_area.setMaximumHeight(QWIDGETSIZE_MAX)
            return
        available = self._height_for_text_and_view()
        floor = view_floor(self.step_view)
        document = text.document().clone(self)     # measured at the width it has, not re-laid
        document.setTextWidth(text.viewport().width())
        need = int(document.size().height()) + 2 * text.frameWidth() + 4
        document.deleteLater()
        if need + floor <= available:              # all of the text fits: the view takes the rest
            text.setMaximumHeight(need)
            self.view_area.setMinimumHeight(floor)
            self.view_area.setMaximumHeight(QWIDGETSIZE_MAX)
            return
        text.setMaximumHeight(QWIDGETSIZE_MAX)     # a long text: the view stays compact
        least = text.minimumSizeHint().height()
        height = max(MIN_SQUEEZED_VIEW, min(floor, available - least))
        self.view_area.setMinimumHeight(height)
        self.view_area.setMaximumHeight(height)

    def _height_for_text_and_view(self) -> int:
        """What the step page leaves for its text and its view once every other row (heading,
        progress, notes, the check, the buttons) has the height its words need."""
        page = self.step_page
        box = page.layout()
        margins = box.contentsMargins()
        width = page.width() - margins.left() - margins.right()
        others, rows = 0, 2
        for i in range(box.count()):
            item = box.itemAt(i)
            if item.widget() in (self.text, self.view_area) or item.isEmpty():
                continue
            others += item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()
            rows += 1
        spacing = max(box.spacing(), 0) * (rows - 1)
        return page.height() - margins.top() - margins.bottom() - others - spacing

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        """The step page asks for a new layout (a check built, feedback or a hint shown, a
        resize): share its height out again. Setting the same limits asks for nothing, so
        this settles at once."""
        if (watched is self.step_page and self.step_view is not None
                and event.type() in (QEvent.LayoutRequest, QEvent.Resize)):
            self._fit_view()
        return super().eventFilter(watched, event)

    def _current_theme(self):
        if self._theme is None:
            from desktop.ui.theme import resolve

            self._theme = resolve(self.state.theme)
        return self._theme

    def set_theme(self, theme) -> None:
        self._theme = theme
        if self.step_view is not None:
            self.step_view.set_theme(theme)

    def _show_check(self) -> None:
        if self.check_widget is not None:
            self.check_widget.setParent(None)
            self.check_widget.deleteLater()
            self.check_widget = None
        session = self.lessons.session
        check = session.step.check
        self.submit.setVisible(check is not None)
        self.hint_button.setVisible(check is not None)
        self.feedback.setText("")
        if check is None:
            return
        self.check_widget = CheckWidget(session, self.state.stack)
        self.check_holder.addWidget(self.check_widget)
        if session.record().solved:
            self.feedback.setText(QCoreApplication.translate("LessonPanel", "✓ You have answered this one correctly already."))

    def submit_answer(self):
        if self.lessons.session is None or self.check_widget is None:
            return None
        return self.lessons.answer(self.check_widget.answer())

    def _on_answered(self, result) -> None:
        self.feedback.setText(verdict(result))
        self._gate()
        self.feedback.setAccessibleDescription(result.feedback)
        session = self.lessons.session
        if session is not None and session.completed:
            self.heading.setText(self.heading.text().split(" · ✓")[0] + " · " + QCoreApplication.translate("LessonPanel", "✓ lesson complete"))

    def show_hint(self) -> None:
        if self.lessons.session is not None:
            self.feedback.setText(QCoreApplication.translate("LessonPanel", "<b>Hint:</b> {hint}").format(hint=self.lessons.hint()))


def _with_sources(text: str, figures) -> str:
    """Show an author's ``(figure: h100.tdp)`` to students as its source, in small italics."""
    import re

    def cite(match: re.Match[str]) -> str:
        names = [n.strip() for n in match.group(2).split(",")]
        sources = [figures.get(n).dated_source() for n in names if n in figures]
        return f" *[{'; '.join(dict.fromkeys(sources))}]*" if sources else ""

    return re.sub(r"\s*\((figures?):\s*([^)]*)\)", cite, text)
