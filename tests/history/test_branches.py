"""Reading a log's branches on a connection of their own (for the window's worker)."""

from __future__ import annotations

from esdesktop import History
from esdesktop.history.branches import read_branches


def test_read_branches_equals_what_history_reads(tmp_path):
    path = tmp_path / "team.db"
    with History.create(path, durable=False) as history:
        alice = history.create_user(username="alice", email="alice@example.com",
                                    display_name="Alice")
        for number in range(4):
            history.update_user(alice, display_name=f"Alice {number}")
        history.seek(2)
        history.update_user(alice, role="admin")  # a branch leaves position 2
        history.seek(1)
        history.update_user(alice, role="editor")  # and one leaves position 1
        found = read_branches(path)
        assert found.tip == history.tip
        assert found.forks == history.branch_points() == [1]
        assert found.tips == [tip.id for tip in history.branch_tips()]
        assert len(found.tips) == 3
