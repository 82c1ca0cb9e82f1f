"""The lesson side of the state: the list of lessons, the open session, and what a step does.

A step's action is carried out as calls on the application state (select, a lens, a flow
played or sought, a fault struck, load mode, a scale preset), never by looking up panels, so
every view that shows that part of the state follows by itself. The step's own highlight goes
into the column's ``lesson`` source and is cleared when the lesson closes.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from desktop.app.events import Events

if TYPE_CHECKING:
    from desktop.app.state import AppState
    from desktop.core.learn.lessons import Action, Lesson, Result
    from desktop.core.learn.progress import ProgressStore
    from desktop.core.learn.session import LessonSession


class LessonState:
    def __init__(self, state: AppState, store: ProgressStore | None = None,
                 user_folder: Path | None = None) -> None:
        self.state = state
        self.events = Events("listed", "step", "answered", "closed", "labels", "held")
        self.store = store
        self.store_factory: Callable[[], ProgressStore] | None = None   # the window's, on first need
        self.user_folder = user_folder
        self.extra_folders: list[str] = []
        self.lessons: list[Lesson] = []
        self.problems: list = []
        self.session: LessonSession | None = None
        self.note = ""          # what the step's action did, in a sentence
        self.loaded = False
        self.hidden_labels: frozenset[str] = frozenset()   # column labels a check must not show

    # the list -----------------------------------------------------------------------------
    def folders(self) -> list[str]:
        return [str(self.user_folder)] * (self.user_folder is not None) + list(self.extra_folders)

    def reload(self) -> None:
        """Read the shipped and the student's lessons, on a worker with a time limit: a file
        that would take too long (or a folder on a stalled network drive) is reported, and
        the shipped lessons still list."""
        from desktop.core.data.deadline import load_lessons_with_deadline

        self.lessons, self.problems = load_lessons_with_deadline(self.folders())
        self.loaded = True
        self.events.listed.emit(self)

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.reload()

    def add_folder(self, folder: str | Path) -> None:
        folder = str(Path(folder).resolve())
        own = self.user_folder is not None and Path(folder) == Path(self.user_folder).resolve()
        if folder not in self.extra_folders and not own:
            self.extra_folders.append(folder)
        self.reload()

    def lesson(self, lesson_id: str) -> Lesson:
        self.ensure_loaded()
        found = next((l for l in self.lessons if l.id == lesson_id), None)
        if found is None:
            raise KeyError(f"no lesson '{lesson_id}'")
        return found

    # the session --------------------------------------------------------------------------
    def ensure_store(self) -> ProgressStore:
        """The progress store: the window's (the student's data folder) or, headless, a
        temporary one."""
        if self.store is None:
            if self.store_factory is not None:
                self.store = self.store_factory()
            else:
                import tempfile

                from desktop.core.learn.progress import ProgressStore

                self.store = ProgressStore(Path(tempfile.mkdtemp(prefix="stackscope-")))
        return self.store

    def open(self, lesson_id: str) -> None:
        from desktop.core.learn.session import LessonSession

        lesson = self.lesson(lesson_id)
        self.ensure_store()
        self.session = LessonSession(lesson, self.store)
        # Rebuild what earlier steps set up (a flow loaded, a fault, a lens) when resuming.
        for action in self.session.restore_actions()[:-1]:
            self.apply(action)
        self._show_step()

    def close(self) -> None:
        self.session = None
        self.note = ""
        self.state.highlights.clear("lesson")
        self._labels()
        self.events.closed.emit(self)

    def advance_reason(self) -> str:
        """Why Next must wait ('' when it may go on): a prediction is made before the step
        that reveals it. The last step has nowhere to go, which is not a reason to show."""
        if self.session is None or self.session.is_last:
            return ""
        return self.session.can_advance()

    def go(self, direction: int) -> bool:
        """Next or previous step; True when a lesson is open (the clicker's press is taken,
        even when a prediction holds it: the reason is shown instead)."""
        if self.session is None:
            return False
        if direction > 0 and self.advance_reason():
            self.events.held.emit(self.advance_reason())
            return True
        moved = self.session.next() if direction > 0 else self.session.back()
        if moved:
            self._show_step()
        return True

    def go_to(self, index: int) -> None:
        if self.session is None:
            return
        self.session.go_to(index)
        for action in self.session.restore_actions()[:-1]:
            self.apply(action)
        self._show_step()

    def answer(self, value: Any) -> Result | None:
        if self.session is None or self.session.step.check is None:
            return None
        result = self.session.answer(value)
        self.events.answered.emit(result)
        self._labels()
        return result

    def _labels(self) -> None:
        """Hide the column labels that give an open check away; show them once it is solved."""
        hidden = self.session.labels_to_hide() if self.session is not None else frozenset()
        if hidden != self.hidden_labels:
            self.hidden_labels = hidden
            self.events.labels.emit(hidden)

    def hint(self) -> str:
        return self.session.hint() if self.session is not None else ""

    def _show_step(self) -> None:
        step = self.session.step
        stack = self.state.stack
        self.state.highlights.set("lesson", [r for r in step.highlight if stack.find(r) is not None])
        self.note = ""
        if step.action is not None:
            self.note = self.apply(step.action, view_here=bool(step.show))
        elif self.state.left_view != "column":
            self.state.set_left_view("column")
        self._labels()
        self.events.step.emit(self)

    # actions ------------------------------------------------------------------------------
    def apply(self, action: Action, *, view_here: bool = False) -> str:
        """Carry out a step's action on the state; returns a sentence saying what happened
        (``view_here``: the step draws its own view, so the sentence sends nobody to a tab)."""
        from desktop.core.data.units import format_seconds

        s = self.state
        kind = action.kind
        note = ""
        if kind == "select":
            s.select(action.ref)
        elif kind == "lens":
            s.set_lens(action.lens)
        elif kind == "flow":
            s.flow.load(action.flow, play=action.play)
            note = f"Flow loaded: {s.flow.flow.title}. Play it here" + (
                "." if view_here else ", or open the Flow tab for its plots.")
        elif kind == "seek" and action.at is not None:
            s.flow.seek(action.at)
            note = f"Jumped to {action.at:g} s of simulated time."
        elif kind == "fault":
            from desktop.core.sim.faults import parse_fault_spec

            spec = parse_fault_spec(action.fault)
            s.set_fault(spec if action.at is None else _at(spec, action.at), True)
            note = f"Fault injected: {action.fault}. Watch which layers it reaches."
        elif kind == "load":
            s.load.load(action.flow, rps=action.rps or None, utilisation=action.utilisation or None)
            r = s.load.result
            if r is not None:
                note = (f"Load mode: {r.rps:,.0f} req/s → p50 {format_seconds(r.p50_s)}, "
                        f"p99 {format_seconds(r.p99_s)}." + ("" if view_here else " The Load tab shows the curves."))
        elif kind == "scale":
            s.scale.apply_preset(action.preset)
            s.set_left_view("scale")
            return "The scale view replaces the column while this step shows; the Scale tab has its sliders."
        s.set_left_view("column")
        return note


def _at(spec: Any, at: float) -> Any:
    from dataclasses import replace

    return replace(spec, at=at)
