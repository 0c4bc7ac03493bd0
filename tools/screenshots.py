"""Take the README's screenshots of the real window, under Xvfb, on a sample log.

    python tools/screenshots.py            # writes docs/screenshots/*.png

It builds a log in a temporary folder (the 200 sample users, some edits, a branch), starts
the app on it as ``esdesktop LOG`` does (style sheet, icon, the log opened by a worker),
with its settings in the temporary folder too, and saves:

* ``main-window.png``: the window at the newest revision, a user selected;
* ``past.png``: the cursor moved back, with the banner saying an edit starts a branch;
* ``history-panel.png``: the history panel, with a branch point;
* ``editor-validation.png``: the editor refusing an invalid email inline.

Without a display it runs itself again under ``xvfb-run``. Glyphs for every script in the
sample names (CJK, Devanagari, Thai...) need fonts such as Debian's fonts-noto-core and
fonts-noto-cjk: look at the pictures for boxes before committing them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from xvfb import ROOT, run_on_virtual_screen  # noqa: E402  (tools/ is the script's folder)

OUT = ROOT / "docs" / "screenshots"
SIZE = (1280, 800)


def main() -> int:
    return run_on_virtual_screen(__file__, take)


def build_log(path: Path):
    """A log with history worth showing: an import, edits, a delete, and a branch."""
    from esdesktop import History
    from esdesktop.history.transfer import import_csv

    history = History.create(path)
    import_csv(history, ROOT / "resources" / "sample_users.csv")
    by_name = {user.username: uid for uid, user in history.users.items()}
    names = sorted(by_name)
    history.create_user(username="alice.martin", email="alice.martin@example.com",
                        display_name="Alice Martin", role="admin", active=True)
    alice = history.users and next(uid for uid, u in history.users.items()
                                   if u.username == "alice.martin")
    history.update_user(alice, email="alice@corp.example.com")
    history.update_user(by_name[names[3]], role="editor")
    history.update_user(by_name[names[7]], active=False)
    history.update_user(alice, display_name="Alice Martin-Duval")
    history.delete_user(by_name[names[11]])
    with history.batch("Promote 2 editors to admin"):
        for name in names[20:22]:
            history.update_user(by_name[name], role="admin")
    history.update_user(by_name[names[5]], email=f"{names[5]}@corp.example.com")
    tip = history.tip
    history.seek(4)  # an edit in the past starts a branch; then back to the first branch
    history.update_user(alice, email="alice.martin@corp.example.org")
    history.goto(tip)
    history.update_user(alice, role="editor")
    return history, alice


def take(folder: Path) -> int:
    from PySide6.QtCore import QTimer

    from esdesktop.gui import MainWindow
    from esdesktop.gui.app import application, launch
    from esdesktop.gui.settings import Settings

    history, alice = build_log(folder / "team.db")
    history.close()
    app = application()
    window = MainWindow(None, settings=Settings.at(folder / "settings.ini"))
    window.resize(*SIZE)
    launch(str(folder / "team.db"), window)
    OUT.mkdir(parents=True, exist_ok=True)
    steps = [lambda: window.pane.select_user(alice),
             lambda: save(window, "main-window.png"),
             lambda: window.history.seek(5),
             lambda: save(window, "past.png"),
             lambda: window.history.seek(window.history.length - 1),
             lambda: save(window.findChild(type(window.docks.docks["history"]), "historyDock"),
                          "history-panel.png"),
             lambda: type_bad_email(window),
             lambda: save(window.editor, "editor-validation.png", bottom=window.editor.status),
             app.quit]
    run_steps(steps, QTimer)
    app.exec()
    window.history.close()
    print(f"screenshots: wrote {', '.join(sorted(p.name for p in OUT.glob('*.png')))} in {OUT}")
    return 0


def run_steps(steps, timer) -> None:
    """One step every 400 ms, after the log has opened, so each paint has settled."""
    for number, step in enumerate(steps, start=1):
        timer.singleShot(800 + 400 * number, step)


def type_bad_email(window) -> None:
    edit = window.editor.fields["email"].edit
    edit.setFocus()
    edit.setText("alice@corp")
    edit.textEdited.emit(edit.text())


def save(widget, name: str, bottom=None) -> None:
    """Grab ``widget`` (down to the bottom of ``bottom``, when given) as OUT/name."""
    from PySide6.QtCore import QRect

    widget.window().statusBar().clearMessage()  # not the temporary folder's name
    rect = QRect(0, 0, widget.width(), widget.height())
    if bottom is not None:
        rect.setHeight(bottom.mapTo(widget, bottom.rect().bottomLeft()).y() + 12)
    widget.grab(rect).save(str(OUT / name))


if __name__ == "__main__":
    sys.exit(main())
