"""A hypothesis state machine over a real log file.

It drives History with random edits, undo, redo, seek, goto (other branches included),
batches and reopen, and keeps its own model of the revision tree: the state each revision
reached, each revision's parent and the current timeline. After every step it checks the
window's state against that model and against a naive replay of the events on the path
root -> cursor read straight from the file, and that the events table only grew.
"""

import shutil
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from pydantic_core import from_json

from esdesktop import History, ValidationError
from esdesktop.domain import State, apply, upcast

NAMES = ["anna", "bert", "carl", "dora"]
SNAPSHOT_EVERY = 3


def naive_replay(path, cursor):
    """The state at ``cursor`` from the raw tables: walk parents, apply every event."""
    conn = sqlite3.connect(path)
    try:
        parents = dict(conn.execute("SELECT id, parent FROM revisions"))
        chain, at = [], cursor
        while at:
            chain.append(at)
            at = parents[at]
        state = State()
        for rid in reversed(chain):
            for kind, version, data in conn.execute(
                    "SELECT type, version, data FROM events WHERE revision = ? ORDER BY seq", (rid,)):
                apply(state, kind, upcast(kind, version, from_json(data)))
        return {uid: dict(f) for uid, f in state.records.items()}
    finally:
        conn.close()


class HistoryMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.path = self.folder / "log.db"
        self.history = History.create(self.path, snapshot_every=SNAPSHOT_EVERY)
        self.states = {0: {}}        # revision -> users at it, as the model expects
        self.parents = {0: None}
        self.timeline = [0]
        self.cursor = 0
        self.rows = []

    def teardown(self):
        self.history.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- the model ---------------------------------------------------------------------

    def shown(self):
        return {uid: u.model_dump(exclude={"id"}) for uid, u in self.history.users.items()}

    def recorded(self, users):
        """An edit was made: the model's tree grows by one child of the cursor."""
        new = self.history.cursor
        assert new not in self.states and self.history.cursor_revision.parent == self.cursor
        self.states[new], self.parents[new] = users, self.cursor
        self.timeline = self.timeline[: self.timeline.index(self.cursor) + 1] + [new]
        self.cursor = new

    def expect_nothing_recorded(self, before):
        assert self.history.cursor == self.cursor and self.shown() == before

    def edit(self, action):
        before = self.shown()
        try:
            action()
        except ValidationError:
            self.expect_nothing_recorded(before)
            return
        if self.history.cursor == self.cursor:
            self.expect_nothing_recorded(before)
        else:
            self.recorded(self.shown())

    def pick_user(self, data):
        # by username, not by id: ids are random, and draws must not depend on them
        users = sorted(self.history.users, key=lambda uid: self.history.users[uid].username)
        return data.draw(st.sampled_from(users)) if users else None

    # -- rules -------------------------------------------------------------------------

    @rule(name=st.sampled_from(NAMES), role=st.sampled_from(["viewer", "admin"]))
    def create(self, name, role):
        self.edit(lambda: self.history.create_user(
            username=name, email=f"{name}@example.com", display_name=name.title(), role=role))

    @rule(data=st.data(), email=st.sampled_from(["a@example.com", "b@example.com"]))
    def change_email(self, data, email):
        uid = self.pick_user(data)
        if uid:
            self.edit(lambda: self.history.update_user(uid, email=email))

    @rule(data=st.data())
    def toggle_active(self, data):
        """Not idempotent: applied twice, it would show."""
        uid = self.pick_user(data)
        if uid:
            self.edit(lambda: self.history.update_user(uid, active=not self.history.users[uid].active))

    @rule(data=st.data(), name=st.sampled_from(NAMES))
    def rename(self, data, name):
        uid = self.pick_user(data)
        if uid:
            self.edit(lambda: self.history.update_user(uid, username=name))

    @rule(data=st.data())
    def delete(self, data):
        uid = self.pick_user(data)
        if uid:
            self.edit(lambda: self.history.delete_user(uid))

    @rule(names=st.lists(st.sampled_from(NAMES), min_size=1, max_size=3))
    def batch(self, names):
        def run():
            with self.history.batch(f"Batch of {len(names)}"):
                for name in names:
                    existing = [u for u in self.history.users.values() if u.username == name]
                    if existing:
                        self.history.update_user(existing[0].id, active=not existing[0].active)
                    else:
                        self.history.create_user(username=name, email=f"{name}@example.com",
                                                 display_name=name.title())
        self.edit(run)

    @rule()
    def undo(self):
        moved = self.history.undo()
        assert moved == (self.cursor != 0)
        if moved:
            self.cursor = self.parents[self.cursor]

    @rule()
    def redo(self):
        position = self.timeline.index(self.cursor)
        moved = self.history.redo()
        assert moved == (position < len(self.timeline) - 1)
        if moved:
            self.cursor = self.timeline[position + 1]

    @rule(data=st.data())
    def seek(self, data):
        position = data.draw(st.integers(0, len(self.timeline) - 1))
        self.history.seek(position)
        self.cursor = self.timeline[position]

    @rule(data=st.data())
    def goto(self, data):
        target = data.draw(st.sampled_from(sorted(self.states)))
        self.history.goto(target)
        if target not in self.timeline:
            self.timeline = self.model_branch(target)
        self.cursor = target

    @precondition(lambda self: len(self.states) > 1)
    @rule()
    def reopen(self):
        shown = (self.history.cursor, self.history.tip, self.shown())
        self.history.close()
        self.history = History.open(self.path, snapshot_every=SNAPSHOT_EVERY)
        assert (self.history.cursor, self.history.tip, self.shown()) == shown

    def model_branch(self, target):
        path, at = [], target
        while at is not None:
            path.append(at)
            at = self.parents[at]
        path.reverse()
        while True:
            children = [r for r, p in self.parents.items() if p == path[-1]]
            if not children:
                return path
            path.append(max(children))

    # -- checks ------------------------------------------------------------------------

    @invariant()
    def shows_the_models_state(self):
        assert self.history.cursor == self.cursor
        assert self.shown() == self.states[self.cursor]
        assert [r.id for r in self.history.timeline()] == self.timeline
        assert self.history.position == self.timeline.index(self.cursor)

    @invariant()
    def equals_a_naive_replay(self):
        assert self.shown() == naive_replay(self.path, self.history.cursor)

    @invariant()
    def events_only_grow(self):
        conn = sqlite3.connect(self.path)
        rows = conn.execute("SELECT seq, revision, user_id, type, version, data FROM events "
                            "ORDER BY seq").fetchall()
        conn.close()
        assert rows[: len(self.rows)] == self.rows
        self.rows = rows


TestHistoryMachine = HistoryMachine.TestCase
TestHistoryMachine.settings = settings(max_examples=60, stateful_step_count=40, deadline=None)
