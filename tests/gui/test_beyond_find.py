"""Find in history through the window: filters over the whole log, paged results, and a
result on another branch that switches to it."""

from __future__ import annotations

from beyond_helpers import Ctrl, Shift, at, press, shortcut, texts, timed_log
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtTest import QTest

from esdesktop import History
from esdesktop.gui.found_model import PAGE
from esdesktop.gui.history_search import DELAY_MS


def search_of(window):
    """The find in history panel, brought to the front as History > Find in history does."""
    window.actions["actionFindInHistory"].trigger()
    return window.beyond.search


def wait_for_count(qtbot, search, text: str) -> None:
    qtbot.waitUntil(lambda: search.count.text() == text)


def test_text_typed_finds_labels_and_values_on_every_branch(qtbot, window, history):
    bob = next(uid for uid, user in history.users.items() if user.username == "bob")
    history.update_user(bob, email="bob@corp.example.com")
    history.undo()
    history.update_user(bob, role="admin")  # a new branch: the corp email is off it now
    shortcut(qtbot, window, Qt.Key.Key_F, Ctrl | Shift)
    search = search_of(window)
    qtbot.waitUntil(search.text.hasFocus)
    assert window.beyond.search_dock.isVisible()

    QTest.keyClicks(search.text, "CORP")

    wait_for_count(qtbot, search, "1 revision match, oldest first.")
    results = search.results
    assert texts(results, 1) == ["Change email of bob"]
    assert texts(results, 0) == ["4 (other branch)"]
    results.setFocus()
    results.setCurrentIndex(search.model.index(0, 0))
    press(results, Qt.Key.Key_Return)

    assert history.users[bob].email == "bob@corp.example.com" and history.position == 4
    assert window.statusBar().currentMessage() == "At revision 4: “Change email of bob”."
    qtbot.waitUntil(lambda: texts(results, 0) == ["4"])  # found again: on this branch now


def test_user_field_and_branch_filters(qtbot, window, history):
    alice = next(uid for uid, user in history.users.items() if user.username == "alice")
    history.update_user(alice, role="viewer")
    history.update_user(alice, email="alice@corp.example.com")
    search = search_of(window)
    search.user.setText("ALICE")
    wait_for_count(qtbot, search, "3 revisions match, oldest first.")
    search.field.setCurrentIndex(search.field.findData("role"))
    wait_for_count(qtbot, search, "1 revision match, oldest first.")
    assert texts(search.results, 1) == ["Change role of alice"]
    search.user.setText("nobody")
    wait_for_count(qtbot, search, "No user named “nobody” at the revision shown, nor deleted "
                                  "before it.")
    assert search.model.rowCount() == 0


def test_a_date_range(qtbot, make_window, tmp_path, monkeypatch):
    path = timed_log(tmp_path / "dated.db", monkeypatch,
                     [("anna", "10:00"), ("bert", "11:00"), ("cleo", "12:00")])
    with History.open(path) as history:
        search = search_of(make_window(history))
        search.since.setDateTime(QDateTime.fromSecsSinceEpoch(int(at("10:30").timestamp())))
        search.until.setDateTime(QDateTime.fromSecsSinceEpoch(int(at("12:00").timestamp())))
        search.dated.setChecked(True)  # 12:00 is taken whole: cleo, made at 12:00:00, is in
        wait_for_count(qtbot, search, "2 revisions match, oldest first.")
        search.until.setDateTime(QDateTime.fromSecsSinceEpoch(int(at("11:59").timestamp())))
        wait_for_count(qtbot, search, "1 revision match, oldest first.")
        assert texts(search.results, 1) == ["Create user bert"]
        search.window().close()


def test_results_are_read_a_page_at_a_time(qtbot, make_window, tmp_path):
    path = tmp_path / "many.db"
    with History.create(path, durable=False) as history:
        uid = history.create_user(username="pat", email="pat@example.com", display_name="Pat")
        for number in range(2 * PAGE + 30):
            history.update_user(uid, display_name=f"Pat {number}")
    with History.open(path) as history:
        window = make_window(history)
        search = search_of(window)
        search.field.setCurrentIndex(search.field.findData("display_name"))
        wait_for_count(qtbot, search, f"{2 * PAGE + 30} revisions match, oldest first.")
        assert search.model.loaded_pages in ([], [0])
        search.results.scrollToBottom()
        assert search.model.index(2 * PAGE + 29, 1).data() == "Change display name of pat"
        assert 2 in search.model.loaded_pages and 1 not in search.model.loaded_pages
        window.close()


def test_out_of_sight_it_waits_and_searches_when_shown(qtbot, window, history):
    search = window.beyond.search  # its tab is behind the History tab
    search.text.setText("carol")
    qtbot.wait(DELAY_MS + 150)
    assert search.count.text() == "" and search.model.count == 0
    window.beyond.search_dock.raise_()
    wait_for_count(qtbot, search, "1 revision match, oldest first.")
