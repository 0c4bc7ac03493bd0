import pytest
from hypothesis import given
from hypothesis import strategies as st

from esdesktop.domain import (
    CHANGED,
    CREATED,
    ReplayError,
    State,
    UnknownEventError,
    UserChanged,
    UserCreated,
    UserDeleted,
    apply,
    create_user,
    decode,
    delete_user,
    encode,
    encode_fast,
    payload,
    revert,
    upcast,
    update_user,
)
from esdesktop.errors import NotFoundError, ValidationError

ALICE = {"username": "alice", "email": "alice@example.com", "display_name": "Alice",
         "role": "admin", "active": True}


def record(state, decision):
    for event in decision.events:
        apply(state, event.type, payload(event))
    return decision


def test_type_tags_do_not_depend_on_class_names():
    assert encode(UserCreated(user_id="u", **ALICE))[0:2] == ("user.created", 2)
    assert encode(UserChanged(user_id="u", changes={"role": ("admin", "viewer")}))[0:2] == (
        "user.changed", 1)
    assert encode(UserDeleted(user_id="u", **ALICE))[0] == "user.deleted"


def test_encode_decode_round_trip():
    event = UserChanged(user_id="u", changes={"email": ("a@example.com", "b@example.com")})
    kind, version, data = encode(event)
    assert decode(kind, version, data) == event


def test_version_1_user_created_is_upcast():
    data = {"user_id": "u", "username": "bob", "email": "b@example.com", "name": "Bob",
            "role": "viewer"}
    upcast_data = upcast(CREATED, 1, data)
    assert upcast_data["display_name"] == "Bob" and upcast_data["active"] is True
    assert "name" not in upcast_data and data["name"] == "Bob"  # stored dict untouched


def test_unknown_type_and_future_version_are_refused():
    with pytest.raises(UnknownEventError):
        upcast("user.renamed", 1, {})
    with pytest.raises(UnknownEventError):
        upcast(CHANGED, 2, {})


def test_revert_is_the_inverse_of_apply_for_every_event():
    state = State()
    created = record(state, create_user(state, ALICE)).events[0]
    uid = created.user_id
    before = state.copy()
    change = record(state, update_user(state, uid, {"email": "new@example.com", "role": "viewer"}))
    assert state.records[uid]["email"] == "new@example.com"
    revert(state, CHANGED, payload(change.events[0]))
    assert state == before
    deleted = record(state, delete_user(state, uid)).events[0]
    assert uid not in state.records
    revert(state, deleted.type, payload(deleted))
    assert state == before
    revert(state, created.type, payload(created))
    assert state == State()


def test_an_event_applied_twice_fails_loudly():
    state = State()
    decision = record(state, create_user(state, ALICE))
    change = record(state, update_user(state, decision.events[0].user_id, {"active": False}))
    with pytest.raises(ReplayError):
        apply(state, CHANGED, payload(change.events[0]))
    with pytest.raises(ReplayError):
        apply(state, CREATED, payload(decision.events[0]))


def test_commands_validate_against_the_state():
    state = State()
    uid = record(state, create_user(state, ALICE)).events[0].user_id
    with pytest.raises(ValidationError, match="already taken"):
        create_user(state, {**ALICE, "email": "other@example.com"})
    with pytest.raises(ValidationError, match="required"):
        create_user(state, {"username": "bob"})
    with pytest.raises(ValidationError, match="not a user field"):
        update_user(state, uid, {"password": "x"})
    with pytest.raises(NotFoundError):
        delete_user(state, "nobody")


def test_a_change_to_the_current_value_is_no_event():
    state = State()
    uid = record(state, create_user(state, ALICE)).events[0].user_id
    assert update_user(state, uid, {"email": "alice@example.com", "role": "admin"}).events == ()


def test_labels_say_what_happened():
    state = State()
    decision = record(state, create_user(state, ALICE))
    uid = decision.events[0].user_id
    assert decision.label == "Create user alice"
    assert update_user(state, uid, {"email": "x@example.com"}).label == "Change email of alice"
    assert update_user(state, uid, {"role": "viewer", "active": False}).label == (
        "Change role, active of alice")
    assert delete_user(state, uid).label == "Delete user alice"


def test_username_change_keeps_the_index_right():
    state = State()
    uid = record(state, create_user(state, ALICE)).events[0].user_id
    record(state, update_user(state, uid, {"username": "alicia"}))
    assert state.owner_of("alicia") == uid and state.owner_of("alice") is None
    record(state, create_user(state, {**ALICE, "email": "a2@example.com"}))
    assert state.owner_of("alice") not in (None, uid)


CHANGE_VALUES = st.one_of(st.text(max_size=40), st.booleans())


@given(st.dictionaries(st.sampled_from(["username", "email", "display_name", "role", "active"]),
                       st.tuples(CHANGE_VALUES, CHANGE_VALUES), min_size=1))
def test_a_change_is_stored_by_encode_fast_as_encode_stores_it(changes):
    event = UserChanged(user_id="u1", changes=changes)
    assert encode_fast(event) == encode(event)
    assert payload(event) == event.model_dump(exclude={"type"})


def test_a_change_from_a_command_equals_the_validated_event_and_is_frozen():
    state = State()
    created = create_user(state, dict(ALICE)).events[0]
    apply(state, CREATED, payload(created))
    event = update_user(state, created.user_id, {"display_name": "Al", "active": False}).events[0]
    validated = UserChanged(**event.model_dump())
    assert event == validated and repr(event) == repr(validated)
    assert encode_fast(event) == encode(validated)
    with pytest.raises(Exception, match="frozen"):
        event.changes = {}
