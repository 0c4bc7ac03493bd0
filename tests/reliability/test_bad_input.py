"""Scenario 8: bad input through History (what the editor calls) and through CSV import.
Each value is refused with a message naming the field (and the CSV line) and nothing is
written, or it is stored and read back, after a reopen, byte-identical. The rules live in
esdesktop/domain/user.py; the README's "What esdesktop promises" states them."""

from __future__ import annotations

import pytest
from faults import esdesktop, make_log, revision_count

from esdesktop import History, ValidationError
from esdesktop.history.transfer import TransferError, import_csv

MB = 1_000_000

REFUSED = {
    "empty username": ("username", ""),
    "whitespace username": ("username", "   "),
    "username differing by case": ("username", "User0"),
    "username differing by normalisation": ("username", "ｕｓｅｒ０"),  # NFKC: "user0"
    "username with a combining accent": ("username", "user\u0301"),
    "username that looks like SQL": ("username", "x'); DROP TABLE events;--"),
    "username with a NUL": ("username", "ali\x00ce"),
    "1 MB username": ("username", "a" * MB),
    "empty email": ("email", ""),
    "whitespace email": ("email", " \t "),
    "email with a newline": ("email", "bob@example.com\nbcc@evil.example"),
    "email with a NUL": ("email", "bob\x00@example.com"),
    "email with a right-to-left override": ("email", "\u202emoc.elpmaxe@bob"),
    "email with a lone surrogate": ("email", "bob\udc80@example.com"),
    "1 MB email": ("email", "b" * MB + "@example.com"),
    "empty display name": ("display_name", ""),
    "whitespace display name": ("display_name", " \u00a0\t "),
    "display name with a newline": ("display_name", "Bob\nSmith"),
    "display name with a NUL": ("display_name", "Bob\x00"),
    "display name with a lone surrogate": ("display_name", "Bob \ud83d"),
    "display name with a right-to-left override": ("display_name", "Bob \u202eexe.txt"),
    "1 MB display name": ("display_name", "B" * MB),
}

KEPT = {
    "SQL-looking text": "Robert'); DROP TABLE events;--",
    "quotes and commas": 'O\'Brien, "Jr."',
    "composed (NFC)": "Zo\u00eb M\u00fcller",
    "decomposed (NFD)": "Zoe\u0308 Mu\u0308ller",
    "right-to-left letters": "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "emoji with joiners": "\U0001f469\u200d\U0001f4bb Dev",
    "fullwidth": "\uff22\uff4f\uff42",
    "100 characters": "x" * 100,
}


@pytest.fixture
def log(tmp_path):
    return make_log(tmp_path / "team.db", users=1)  # user0


@pytest.mark.parametrize("case", REFUSED)
def test_bad_input_in_the_editor_is_refused_and_writes_nothing(log, case):
    field, value = REFUSED[case]
    fields = {"username": "bob", "email": "bob@example.com", "display_name": "Bob", field: value}
    with History.open(log) as history:
        before = dict(history.users)
        with pytest.raises(ValidationError) as caught:
            history.create_user(**fields)
        assert caught.value.field == field and caught.value.reason
        uid = next(iter(history.users))
        if field != "username" or case != "username differing by case":
            with pytest.raises(ValidationError):
                history.update_user(uid, **{field: value})
        assert dict(history.users) == before
    assert revision_count(log) == 2


@pytest.mark.parametrize("case", KEPT)
def test_unusual_display_names_are_kept_byte_identical(log, case):
    value = KEPT[case]
    with History.open(log) as history:
        uid = history.create_user(username="bob", email="bob@example.com", display_name=value)
    with History.open(log, readonly=True) as history:
        assert history.users[uid].display_name.encode() == value.encode()


def test_two_display_names_that_only_normalise_alike_stay_distinct(log):
    with History.open(log) as history:
        nfc = history.create_user(username="zoe1", email="z1@example.com",
                                  display_name=KEPT["composed (NFC)"])
        nfd = history.create_user(username="zoe2", email="z2@example.com",
                                  display_name=KEPT["decomposed (NFD)"])
    with History.open(log, readonly=True) as history:
        assert history.users[nfc].display_name != history.users[nfd].display_name


def test_emails_are_stored_in_their_normalised_form(log):
    with History.open(log) as history:
        uid = history.create_user(username="zoe", email="Zoe\u0308@EXAMPLE.com",
                                  display_name="Zoë")
        assert history.users[uid].email == "Zo\u00eb@example.com"  # NFC, domain lowercased
    with History.open(log, readonly=True) as history:
        assert history.users[uid].email == "Zo\u00eb@example.com"


def write_csv(path, rows: list[str], encoding: str = "utf-8") -> None:
    path.write_bytes(("username,email,display_name\n" + "".join(rows)).encode(encoding))


CSV_REFUSED = {
    "an empty username": (["ann,ann@example.com,Ann\n", ",bob@example.com,Bob\n"], 3, "username"),
    "a whitespace-only name": (["ann,ann@example.com,   \n"], 2, "display_name"),
    "a username differing by case": (["user0x,u@example.com,U\n", "Ann,a@example.com,A\n"], 3,
                                      "username"),
    "a NUL": (["ann,ann@example.com,An\x00n\n"], 2, "display_name"),
    "a right-to-left override": (["ann,ann@example.com,Ann \u202egpj.exe\n"], 2, "display_name"),
    "a newline in a quoted name": (['ann,ann@example.com,"Ann\nSmith"\n'], 2, "display_name"),
    "a 1 MB field": ([f"ann,ann@example.com,{'A' * MB}\n"], 2, "row"),
}


@pytest.mark.parametrize("case", CSV_REFUSED)
def test_bad_csv_rows_are_named_by_line_and_nothing_is_written(log, tmp_path, case):
    rows, line, field = CSV_REFUSED[case]
    source = tmp_path / "users.csv"
    write_csv(source, rows)
    with History.open(log) as history:
        with pytest.raises(ValidationError) as caught:
            import_csv(history, source)
        assert (caught.value.line, caught.value.field) == (line, field)
        assert len(history.users) == 1
    assert revision_count(log) == 2


def test_a_lone_surrogate_cannot_reach_a_csv_file_and_the_file_is_refused(log, tmp_path):
    source = tmp_path / "users.csv"
    source.write_bytes(b"username,email,display_name\nann,ann@example.com,Ann \xed\xa0\x80\n")
    with History.open(log) as history:
        with pytest.raises(TransferError, match="not UTF-8"):
            import_csv(history, source)
    assert revision_count(log) == 2


def test_unusual_but_valid_csv_values_are_imported_byte_identical(log, tmp_path):
    source = tmp_path / "users.csv"
    names = list(KEPT.values())
    write_csv(source, [f'kept{n},kept{n}@example.com,"{name.replace(chr(34), chr(34) * 2)}"\n'
                       for n, name in enumerate(names)], encoding="utf-8-sig")
    with History.open(log) as history:
        assert import_csv(history, source) == len(names)
    with History.open(log, readonly=True) as history:
        stored = {user.username: user.display_name for user in history.users.values()}
    assert [stored[f"kept{n}"] for n in range(len(names))] == names


def test_the_command_line_names_the_line_of_a_1_mb_field_without_a_traceback(log, tmp_path):
    source = tmp_path / "users.csv"
    write_csv(source, ["ann,ann@example.com,Ann\n", f"bob,bob@example.com,{'B' * MB}\n"])
    result = esdesktop("import", log, source)
    assert result.returncode == 1 and "line 3" in result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert revision_count(log) == 2
