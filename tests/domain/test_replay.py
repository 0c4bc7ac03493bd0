"""The replay loop over stored events: its fast path for user.changed must reach exactly
the state that ``apply`` reaches, and refuse exactly what ``apply`` refuses."""

import json

import pytest

from esdesktop.domain import (
    CHANGED,
    CREATED,
    DELETED,
    ReplayError,
    State,
    apply,
    encode,
    payload,
    revert,
)
from esdesktop.domain.events import UserChanged, UserCreated, UserDeleted
from esdesktop.domain.replay import UnfitEventError, fold

ALICE = {"username": "alice", "email": "alice@example.com", "display_name": "Alice",
         "role": "admin", "active": True}
RENAMED = {**ALICE, "username": "alicia", "display_name": "Alicia"}
EVENTS = [
    UserCreated(user_id="a", **ALICE),
    UserCreated(user_id="b", **{**ALICE, "username": "bert", "email": "b@example.com"}),
    UserChanged(user_id="a", changes={"username": ("alice", "alicia"),
                                      "display_name": ("Alice", "Alicia")}),
    UserChanged(user_id="b", changes={"active": (True, False), "role": ("admin", "viewer")}),
    UserDeleted(user_id="a", **RENAMED),
]


def stored(events, first_revision=1):
    return [(first_revision + n, *encode(event)) for n, event in enumerate(events)]


def one_by_one(events, step=apply, state=None):
    state = state if state is not None else State()
    for event in events:
        step(state, event.type, payload(event))
    return state


def test_fold_reaches_the_state_apply_reaches_after_every_event():
    for end in range(len(EVENTS) + 1):
        folded = State()
        fold(folded, stored(EVENTS[:end]))
        assert folded == one_by_one(EVENTS[:end])


def test_the_username_index_follows_a_folded_rename():
    state = State()
    state.owner_of("alice")  # the index exists before the rename
    fold(state, stored(EVENTS[:3]))
    assert state.owner_of("alicia") == "a" and state.owner_of("alice") is None


def test_fold_backwards_with_revert_returns_to_the_start_and_names_the_users():
    state, touched = one_by_one(EVENTS), set()
    fold(state, reversed(stored(EVENTS)), revert, touched)
    assert state == State() and touched == {"a", "b"}


@pytest.mark.parametrize("changes, why", [
    ({"role": ["viewer", "editor"]}, "role is not 'viewer'"),      # old value is not current
    ({"nickname": ["x", "y"]}, "nickname"),                         # no such field
])
def test_a_change_that_does_not_fit_is_refused_as_apply_refuses_it(changes, why):
    data = json.dumps({"user_id": "a", "changes": changes})
    state = one_by_one(EVENTS[:1])
    with pytest.raises(UnfitEventError) as caught:
        fold(state, [(7, CHANGED, 1, data)])
    assert caught.value.revision == 7 and why in str(caught.value)
    with pytest.raises((ReplayError, KeyError)):
        apply(one_by_one(EVENTS[:1]), CHANGED, json.loads(data))


@pytest.mark.parametrize("row", [
    (3, CHANGED, 1, '{"user_id": "ghost", "changes": {"role": ["admin", "viewer"]}}'),
    (3, CHANGED, 1, '{"user_id": "a"}'),
    (3, CHANGED, 1, '["a"]'),
    (3, CHANGED, 1, "not json"),
    (3, CHANGED, 9, '{"user_id": "a", "changes": {"role": ["admin", "viewer"]}}'),
    (3, "user.renamed", 1, '{"user_id": "a"}'),
    (3, CREATED, 2, json.dumps({"user_id": "a", **ALICE})),        # created twice
    (3, DELETED, 1, json.dumps({"user_id": "a", **RENAMED})),      # last state differs
])
def test_a_stored_event_that_cannot_be_replayed_names_its_revision(row):
    with pytest.raises(UnfitEventError) as caught:
        fold(one_by_one(EVENTS[:1]), [row])
    assert caught.value.revision == 3
