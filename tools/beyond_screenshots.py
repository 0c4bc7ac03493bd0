"""Take the README's screenshots of "beyond undo", of the real window under Xvfb.

    python tools/beyond_screenshots.py      # writes docs/screenshots/beyond-*.png

It builds a log in a temporary folder (the 200 sample users, edits over a morning, a
checkpoint, a deleted user, a branch), starts the app on it as ``esdesktop LOG`` does,
with its settings in the temporary folder, and saves:

* ``beyond-restore.png``: a user's changes with the restore actions on a row's menu;
* ``beyond-deleted-users.png``: the "Deleted users" view;
* ``beyond-go-to-time.png``: "Go to time…" naming the revision it will show;
* ``beyond-checkpoints.png``: the checkpoints list, the marks in the history panel;
* ``beyond-compare.png``: "Compare revisions" between a checkpoint and the tip;
* ``beyond-find.png``: "Find in history" over every branch;
* ``beyond-timeline.png``: the slider's marks and a position's tooltip.

The shots are grabbed from the screen, so menus and tooltips show. Without a display the
script runs itself again under ``xvfb-run``.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from xvfb import ROOT, run_on_virtual_screen  # noqa: E402  (tools/ is the script's folder)

OUT = ROOT / "docs" / "screenshots"
SIZE = (1280, 800)
STEP_MS = 500


def main() -> int:
    return run_on_virtual_screen(__file__, take)


def build_log(path: Path) -> dict:
    """The sample users imported at 09:00, then a morning of edits a few minutes apart."""
    from esdesktop import History
    from esdesktop.domain import revision
    from esdesktop.history.transfer import import_csv

    start = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0)
    ticks = iter(start + timedelta(minutes=7 * n) for n in range(1000))
    revision.clock = lambda: next(ticks)
    history = History.create(path)
    import_csv(history, ROOT / "resources" / "sample_users.csv")
    ids = {user.username: uid for uid, user in history.users.items()}
    names = sorted(ids)
    alice = history.create_user(username="alice.martin", email="alice.martin@example.com",
                                display_name="Alice Martin", role="editor", active=True)
    history.checkpoint("Before the audit")
    history.update_user(alice, email="alice@corp.example.com")
    history.update_user(alice, role="admin", display_name="Alice Martin-Duval")
    history.update_user(ids[names[3]], role="editor")
    history.delete_user(ids[names[11]])
    history.update_user(ids[names[7]], active=False, email=f"{names[7]}@corp.example.com")
    history.checkpoint("Audit done")
    history.delete_user(ids[names[15]])
    tip = history.tip
    history.seek(5)
    history.update_user(ids[names[5]], email=f"{names[5]}@corp.example.org")
    history.goto(tip)
    history.update_user(alice, active=False)
    history.close()
    revision.clock = revision.system_clock
    return {"alice": alice, "start": start}


def take(folder: Path) -> int:
    from PySide6.QtCore import QTimer

    from esdesktop.gui import MainWindow
    from esdesktop.gui.app import application, launch
    from esdesktop.gui.settings import Settings

    made = build_log(folder / "team.db")
    app = application()
    window = MainWindow(None, settings=Settings.at(folder / "settings.ini"))
    window.resize(*SIZE)
    launch(str(folder / "team.db"), window)
    OUT.mkdir(parents=True, exist_ok=True)
    steps = [lambda: window.move(40, 40),
             *restore_steps(window, made["alice"]),
             *dialog_steps(window, made["start"]),
             *find_steps(window),
             *timeline_steps(window),
             app.quit]
    for number, step in enumerate(steps, start=1):
        QTimer.singleShot(1200 + STEP_MS * number, step)
    app.exec()
    window.history.close()
    print(f"screenshots: wrote {', '.join(sorted(p.name for p in OUT.glob('beyond-*.png')))}")
    return 0


def restore_steps(window, alice: str) -> list:
    from PySide6.QtWidgets import QMenu

    view = window.docks.user_history.view
    shown = {}

    def menu_on_a_change():
        window.pane.select_user(alice)
        index = view.model().index(2, 0)
        view.setCurrentIndex(index)
        view.setFocus()
        shown["menu"] = menu = QMenu(view)  # what the view's context menu shows
        menu.addActions(view.actions())
        menu.popup(view.viewport().mapToGlobal(view.visualRect(index).center()))

    def deleted_users():
        shown["menu"].close()
        window.beyond.open("deleted")

    return [menu_on_a_change, lambda: shot("beyond-restore.png", window, shown["menu"]),
            deleted_users,
            lambda: shot("beyond-deleted-users.png", window.beyond.dialogs["deleted"]),
            lambda: window.beyond.dialogs["deleted"].close()]


def dialog_steps(window, start: datetime) -> list:
    from PySide6.QtCore import QDateTime

    def time_dialog():
        dialog = window.beyond.open("time")
        moment = start + timedelta(minutes=7 * 4 + 3)
        dialog.time.setDateTime(QDateTime.fromSecsSinceEpoch(int(moment.timestamp())))

    def checkpoints():
        window.beyond.dialogs["time"].reject()
        dialog = window.beyond.open("checkpoints")
        dialog.list.topLevelItem(0).setSelected(True)

    def compare():
        window.beyond.dialogs["checkpoints"].close()
        checkpoint = window.history.checkpoints()[0]
        window.beyond.compare(checkpoint.revision, "tip")

    return [time_dialog,
            lambda: shot("beyond-go-to-time.png", window, window.beyond.dialogs["time"]),
            checkpoints,
            lambda: shot("beyond-checkpoints.png", window, window.beyond.dialogs["checkpoints"]),
            compare, lambda: shot("beyond-compare.png", window.beyond.dialogs["compare"]),
            lambda: window.beyond.dialogs["compare"].close()]


def find_steps(window) -> list:
    def find():
        window.beyond.actions["actionFindInHistory"].trigger()
        window.beyond.search.text.setText("corp")

    return [find, lambda: None, lambda: shot("beyond-find.png", window)]


def timeline_steps(window) -> list:
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication

    slider = window.docks.timeline.slider

    def hover():
        marks = window.beyond.marks
        position = next(iter(marks.checkpoints))
        point = QPoint(marks.x_of(position), slider.height() // 2)
        QApplication.sendEvent(slider, QHelpEvent(QEvent.Type.ToolTip, point,
                                                  slider.mapToGlobal(point)))

    def timeline_shot():
        tip = next((w for w in QApplication.topLevelWidgets()
                    if w.inherits("QTipLabel") and w.isVisible()), None)
        dock = window.docks.docks["timeline"]
        area = dock.geometry()
        if tip is not None:
            area = area.united(tip.geometry().translated(-window.mapToGlobal(QPoint(0, 0))))
        shot("beyond-timeline.png", window, tip, crop=area.adjusted(0, -8, 0, 8))

    return [hover, timeline_shot]


def shot(name: str, widget, *above, crop=None) -> None:
    """Save ``widget`` as OUT/name with the windows ``above`` it (a dialog, a menu, a
    tooltip) painted where they are on screen, outlined; ``crop`` (in ``widget``'s
    coordinates) keeps a part of it."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QColor, QPainter, QPixmap

    if hasattr(widget, "statusBar"):
        widget.statusBar().clearMessage()  # not the temporary folder's name
    origin = widget.mapToGlobal(QPoint(0, 0))
    shown = [(other, other.mapToGlobal(QPoint(0, 0)) - origin) for other in above
             if other is not None and other.isVisible()]
    area = QRect(0, 0, widget.width(), widget.height())
    for other, at in shown:
        area = area.united(QRect(at, other.size()).adjusted(-1, -1, 1, 1))
    canvas = QPixmap(area.size())
    canvas.fill(widget.palette().window().color())
    painter = QPainter(canvas)
    painter.translate(-area.topLeft())
    painter.drawPixmap(0, 0, widget.grab())
    painter.setPen(QColor("#9e9e9e"))
    for other, at in shown:
        painter.drawPixmap(at, other.grab())
        painter.drawRect(at.x() - 1, at.y() - 1, other.width() + 1, other.height() + 1)
    painter.end()
    if crop is not None:
        canvas = canvas.copy(crop.translated(-area.topLeft()).intersected(canvas.rect()))
    canvas.save(str(OUT / name))


if __name__ == "__main__":
    sys.exit(main())
