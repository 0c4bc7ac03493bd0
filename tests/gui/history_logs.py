"""Real logs, and widgets shown on them, for the timeline, history panel and user history
tests."""

from __future__ import annotations

from esdesktop import History


def add_alice(history: History) -> str:
    return history.create_user(username="alice", email="alice@example.com",
                               display_name="Alice", role="editor", active=True)


def build_log(path, edits: int) -> History:
    """A log whose timeline holds the root, Alice's creation and ``edits`` renames of her:
    position p (p >= 2) is "Change display name of alice" setting "Alice p"."""
    history = History.create(path, durable=False)
    alice = add_alice(history)
    for number in range(2, edits + 2):
        history.update_user(alice, display_name=f"Alice {number}")
    return history


def alice_id(history: History) -> str:
    return next(uid for uid, user in history.users.items() if user.username == "alice")


def shown(qtbot, widget, history: History | None, width: int = 420, height: int = 400):
    """``widget`` following ``history``, on screen (offscreen) at the given size."""
    qtbot.addWidget(widget)
    widget.set_history(history)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
