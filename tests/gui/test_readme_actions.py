"""README.md's "Actions and shortcuts" table matches the window's actions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence

from esdesktop.gui import MainWindow

README = Path(__file__).resolve().parents[2] / "README.md"
NONE = "—"


def readme_table() -> dict[str, tuple[str, list[str], bool]]:
    """Action -> (menu, keys, standard) from the README's table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Actions and shortcuts", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip().strip("|").split("|") for line in section.splitlines()
            if line.startswith("| ") and not line.startswith("| Action") and "---" not in line]
    table = {}
    for name, menu, keys in ((cell.strip() for cell in row) for row in rows):
        standard = keys.endswith("(standard)")
        keys = keys.removesuffix("(standard)").strip()
        table[name] = (menu, [] if keys == NONE else keys.split(", "), standard)
    return table


def window_actions(window: MainWindow) -> dict[str, tuple[str, list[str]]]:
    """Action -> (menu, keys) for every named action in the window's menus."""
    found = {}
    for menu_action in window.menuBar().actions():
        menu = menu_action.text().replace("&", "")
        for action in menu_action.menu().actions():
            if action.objectName().startswith("action"):
                keys = [k.toString(QKeySequence.SequenceFormat.PortableText)
                        for k in action.shortcuts()]
                found[action.text().replace("&", "")] = (menu, keys)
    return found


def test_readme_lists_every_action_with_its_shortcut(qtbot, settings, dialogs):
    window = MainWindow(None, settings=settings, dialogs=dialogs)
    qtbot.addWidget(window)
    table, actions = readme_table(), window_actions(window)
    named = {a.objectName() for a in window.findChildren(QAction) if a.objectName().startswith("action")}
    assert len(actions) == len(named) >= 20  # every named action is in a menu
    assert sorted(table) == sorted(actions)
    for name, (menu, keys, standard) in table.items():
        assert menu == actions[name][0], name
        if standard:  # the platform may add keys of its own; the ones listed must work
            assert keys and set(keys) <= set(actions[name][1]), name
        else:
            assert keys == actions[name][1], name
