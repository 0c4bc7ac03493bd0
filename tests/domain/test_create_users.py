"""The bulk create command (CSV import): the rules of one create, the same stored bytes."""

import json
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from esdesktop.domain import (
    FIELDS,
    ColumnRecords,
    Decision,
    ReplayError,
    State,
    UserCreated,
    apply,
    create_user,
    create_users,
    delete_user,
    encode,
    encode_fast,
    payload,
)
from esdesktop.domain.commands import NewUsersDecision, new_user_ids
from esdesktop.domain.events import created_data
from esdesktop.domain.user import check_display_name
from esdesktop.errors import ValidationError

# Display names and emails that JSON must quote or leave alone exactly as json.dumps does.
ODD_NAMES = ['Ann "the hat" O\'Neil', "back\\slash", "Zoë Ångström", "李小龍", "🦉 owl",
             "a\u2028line\u2029sep", "</script>", "tab-free  spaces", "nb\u00a0sp", "x" * 100]


def person(name: str, **extra) -> dict:
    return {"username": name, "email": f"{name}@example.com", "display_name": name.title(),
            **extra}


def rows_of(*fields: dict, first_line: int = 2) -> list[tuple[int, dict]]:
    return list(enumerate(fields, start=first_line))


def fold(state: State, decision) -> State:
    for event in decision.events:
        apply(state, event.type, payload(event))
    return state


def test_bulk_events_are_stored_as_encode_would_store_them():
    rows = rows_of(*(person(f"user{n}", display_name=name, role="admin", active=n % 2 == 0)
                     for n, name in enumerate(ODD_NAMES)),
                   {"username": "plain", "email": "Plain.Person+tag@EXAMPLE.com",
                    "display_name": "Plain"},
                   {"username": "intl", "email": "zoë@bücher.example", "display_name": "Zoë"})
    decision = create_users(State(), rows)
    assert len(decision.events) == len(rows)
    for event in decision.events:
        validated = UserCreated(**event.model_dump())
        assert encode_fast(event) == encode(validated) == encode(event)


@given(st.text(min_size=1, max_size=100))
def test_any_accepted_display_name_encodes_the_same_both_ways(name):
    try:
        check_display_name(name)
    except ValidationError:
        return
    event = create_users(State(), rows_of(person("someone", display_name=name))).events[0]
    assert encode_fast(event) == encode(UserCreated(**event.model_dump()))


def test_a_bulk_event_equals_the_validated_event_and_is_frozen():
    event = create_users(State(), rows_of(person("ann", role="editor"))).events[0]
    validated = UserCreated(**event.model_dump())
    assert event == validated and repr(event) == repr(validated)
    assert event.model_fields_set == validated.model_fields_set
    assert payload(event) == validated.model_dump(exclude={"type"})
    with pytest.raises(Exception, match="frozen"):
        event.username = "bob"


def test_bulk_create_folds_to_what_one_create_per_row_gives():
    fields = [person("ann"), person("bob", role="admin", active=False), person("cyd")]
    bulk = create_users(State(), rows_of(*fields))
    one_by_one = State()
    for event, row in zip(bulk.events, fields, strict=True):
        fold(one_by_one, create_user(one_by_one, row, user_id=event.user_id))
    assert fold(State(), bulk) == one_by_one
    assert bulk.label == "Create 3 users"
    assert create_users(State(), rows_of(person("ann")), "Import 1 user").label == "Import 1 user"


def test_an_empty_state_takes_the_columns_and_folds_as_one_create_per_row_would():
    """The state of an import into an empty log is its columns themselves (no dict made
    per user); into a state that holds users, each user is added. Either way it equals the
    state the events fold to, and reverting leaves the state as it was."""
    fields = [person("ann"), person("bob", role="admin", active=False), person("cyd")]
    bulk = create_users(State(), rows_of(*fields))
    empty = State()
    bulk.apply_to(empty)
    assert isinstance(empty.records, ColumnRecords) and not empty.records._made
    assert empty == fold(State(), bulk) and empty.owner_of("BOB") == bulk.user_ids()[1]
    assert list(empty.records) == sorted(bulk.user_ids())
    bulk.revert_from(empty)
    assert empty == State()
    held = fold(State(), create_users(State(), rows_of(person("dee"))))
    before = held.copy()
    bulk.apply_to(held)
    assert not isinstance(held.records, ColumnRecords) and len(held.records) == 4
    bulk.revert_from(held)
    assert held == before


def test_ids_out_of_order_are_added_one_by_one_even_to_an_empty_state():
    bulk = create_users(State(), rows_of(person("ann"), person("bob")))
    forged = NewUsersDecision(bulk.user_ids()[::-1], bulk._columns, bulk.label)
    state = State()
    forged.apply_to(state)
    assert not isinstance(state.records, ColumnRecords)
    assert state.records[bulk.user_ids()[0]]["username"] == "bob"


BAD_ROWS = {
    "a bad username": ({"username": "a b"}, "username"),
    "an uppercase username": ({"username": "Ann"}, "username"),
    "a bad email": ({"email": "not-an-address"}, "email"),
    "an empty display name": ({"display_name": ""}, "display_name"),
    "a control character": ({"display_name": "An\x07n"}, "display_name"),
    "an unknown role": ({"role": "owner"}, "role"),
    "active that is not a boolean": ({"active": "yes"}, "active"),
    "an unknown field": ({"age": 3}, "age"),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_a_bad_row_is_named_by_its_line(case):
    change, field = BAD_ROWS[case]
    rows = rows_of(person("ann"), {**person("bob"), **change}, person("cyd"), first_line=7)
    with pytest.raises(ValidationError) as caught:
        create_users(State(), rows)
    assert (caught.value.line, caught.value.field) == (8, field)


def test_a_missing_field_is_named_by_its_line():
    with pytest.raises(ValidationError) as caught:
        create_users(State(), [(4, {"username": "ann", "display_name": "Ann"})])
    assert (caught.value.line, caught.value.field, caught.value.reason) == (4, "email",
                                                                            "is required")


def test_usernames_must_be_unique_within_the_rows_ignoring_case():
    rows = rows_of(person("ann"), person("bob"), person("ann"))
    with pytest.raises(ValidationError, match="line 4: username: 'ann' is already taken by "
                                              "line 2"):
        create_users(State(), rows)


def test_usernames_must_be_free_among_live_users_and_a_deleted_users_name_is_free():
    state = fold(State(), create_users(State(), rows_of(person("ann"), person("bob"))))
    with pytest.raises(ValidationError) as caught:
        create_users(state, rows_of(person("cyd"), person("bob"), first_line=10))
    assert (caught.value.line, caught.value.field) == (11, "username")
    bob = state.owner_of("bob")
    fold(state, delete_user(state, bob))
    assert len(create_users(state, rows_of(person("bob"))).events) == 1


def test_no_rows_decide_nothing():
    assert create_users(State(), []).events == ()


def test_bulk_ids_are_distinct_version_4_uuids():
    ids = new_user_ids(1000)
    assert len(set(ids)) == 1000
    for text in ids:
        parsed = uuid.UUID(hex=text)
        assert (parsed.hex, parsed.version, parsed.variant) == (text, 4, uuid.RFC_4122)
    assert ids == sorted(ids)  # the store's user_id index takes them in order


def test_columns_and_rows_decide_the_same_and_unset_takes_the_default():
    from esdesktop.domain.commands import UNSET, NewUsers

    rows = rows_of(person("ann", role="admin"), person("bob", active=False), person("cyd"))
    columns = {"username": ["ann", "bob", "cyd"],
               "email": ["ann@example.com", "bob@example.com", "cyd@example.com"],
               "display_name": ["Ann", "Bob", "Cyd"], "role": ["admin", UNSET, UNSET],
               "active": [UNSET, False, UNSET]}
    by_columns = create_users(State(), NewUsers(columns, 3, lambda: [2, 3, 4]))
    by_rows = create_users(State(), rows)
    dump = [event.model_dump(exclude={"user_id"}) for event in by_columns.events]
    assert dump == [event.model_dump(exclude={"user_id"}) for event in by_rows.events]
    columns["email"][1] = "not an address"
    with pytest.raises(ValidationError) as caught:
        create_users(State(), NewUsers(columns, 3, lambda: [2, 3, 4]))
    assert (caught.value.line, caught.value.field) == (3, "email")
    with pytest.raises(ValueError, match="3 values"):
        NewUsers({"username": ["ann"]}, 3, list)


# Strings JSON must quote exactly as json.dumps does (the checks refuse some of them as
# fields; created_data itself must still write them as encode_fast does).
TRICKY = ['"quoted"', "back\\slash\\", "Zoë Ångström", "李小龍", "🦉 owl 👩‍💻", "\u2028\u2029",
          "</script>", "tab\tnew\nline\x00\x1f\x7f", "\ud7ff\ue000\uffff", ""]


@given(st.lists(st.tuples(*[st.text(max_size=12)] * 5, st.booleans()), max_size=8))
def test_created_data_writes_what_encode_fast_writes(rows):
    rows = rows + [(text, text, text, text, text, n % 2 == 0) for n, text in enumerate(TRICKY)]
    events = [UserCreated.from_checked(*row) for row in rows]
    columns = [list(column) for column in zip(*rows, strict=True)]
    assert created_data(*columns) == [encode_fast(event)[2] for event in events]
    keys = ("user_id", "username", "email", "display_name", "role", "active")
    assert created_data(*columns) == [
        json.dumps(dict(zip(keys, row, strict=True)), ensure_ascii=False, separators=(",", ":"))
        for row in rows]


def many(count: int, **extra) -> list[tuple[int, dict]]:
    return rows_of(*(person(f"user{n}", display_name=ODD_NAMES[n % len(ODD_NAMES)],
                            active=n % 3 > 0, **extra) for n in range(count)))


def test_a_bulk_decision_stores_folds_and_reverts_as_its_events_do():
    decision = create_users(State(), many(40, role="editor"))
    events = decision.events  # made only when asked, each time the same
    assert events == decision.events and len(events) == 40
    assert all(event == UserCreated(**event.model_dump()) for event in events)
    assert decision.user_ids() == [event.user_id for event in events]
    assert decision.stored() == [(e.user_id, *encode_fast(e)) for e in events]
    assert decision.stored() == Decision(events, decision.label).stored()
    base = fold(State(), create_users(State(), rows_of(person("zed"))))
    bulk, one_by_one = base.copy(), base.copy()
    decision.apply_to(bulk)
    Decision(events, decision.label).apply_to(one_by_one)
    assert bulk == one_by_one and len(bulk.records) == 41
    assert all(tuple(fields) == FIELDS for fields in bulk.records.values())
    assert bulk.owner_of("USER7") == events[7].user_id  # the username index follows
    decision.revert_from(bulk)
    assert bulk == base and bulk.owner_of("user7") is None


def test_a_bulk_decision_refuses_ids_already_there_and_changes_nothing():
    decision = create_users(State(), many(5))
    state = State()
    decision.apply_to(state)
    before = state.copy()
    with pytest.raises(ReplayError, match="already exist"):
        decision.apply_to(state)
    assert state == before


def test_a_bulk_decision_equals_the_decision_of_its_events():
    decision = create_users(State(), many(3), "Import 3 users")
    assert decision == Decision(decision.events, "Import 3 users")
    assert decision != Decision(decision.events, "Other label")
    assert "3 users" in repr(decision)
