"""What the window says when the log refuses a write: nothing was written, why, and that
what was typed is kept for another try."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from esdesktop import Error


def not_saved(error: Error) -> str:
    """A full disk, a file that cannot be written, any other refusal but bad input."""
    return (f"The change was not saved: {error} What you typed is kept in the form: "
            "press Apply once that is fixed.")


def overtaken(log_name: str) -> str:
    """Another program wrote to the log first (a ConflictError); the window has caught up."""
    return (f"Another program saved changes to {log_name} while you were editing, so yours "
            "were not saved. The window now shows the latest revisions and your changes are "
            "still in the form: check them, then Apply again.")


def mark_problem(label: QLabel, problem: bool) -> None:
    """Show ``label`` as a problem (the style sheet colours ``[problem="true"]``) or not."""
    if bool(label.property("problem")) != problem:
        label.setProperty("problem", problem)
        label.style().unpolish(label)
        label.style().polish(label)
