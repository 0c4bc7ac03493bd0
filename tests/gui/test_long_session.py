"""A long session must not wear the interpreter out. PySide6 6.12.0 loses a reference to
None and True on calls that return them; on Python 3.11 the window then dies with
"Fatal Python error: none_dealloc" after a few hundred actions (pyproject excludes it)."""

from __future__ import annotations

import sys

import PySide6


def test_many_undo_and_redo_keep_none_and_true_alive(qtbot, window, history):
    undo, redo = window.actions["actionUndo"], window.actions["actionRedo"]
    undo.trigger()
    redo.trigger()
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(150):
        undo.trigger()
        redo.trigger()
    after = sys.getrefcount(None), sys.getrefcount(True)
    drift = [b - a for a, b in zip(before, after, strict=True)]
    assert min(drift) > -100, (f"PySide6 {PySide6.__version__} lost {-min(drift)} references "
                               "to None/True in 300 steps: use another PySide6 version")
    assert history.position == 3
