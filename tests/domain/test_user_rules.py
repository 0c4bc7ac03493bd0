import pytest
from hypothesis import given
from hypothesis import strategies as st

from esdesktop.domain import check_field
from esdesktop.errors import ValidationError


@pytest.mark.parametrize("name", ["abc", "alice.smith", "a_b-c", "x" * 32, "007"])
def test_good_usernames_pass_unchanged(name):
    assert check_field("username", name) == name


@pytest.mark.parametrize(
    "name, reason",
    [
        ("ab", "3 to 32"),
        ("x" * 33, "3 to 32"),
        ("Alice", "lowercase"),
        ("al ice", "3 to 32"),
        ("älice", "3 to 32"),
        ("", "3 to 32"),
        ("robert'); drop table users;--", "3 to 32"),
    ],
)
def test_bad_usernames_name_the_rule(name, reason):
    with pytest.raises(ValidationError) as caught:
        check_field("username", name)
    assert caught.value.field == "username"
    assert reason in caught.value.reason


def test_email_is_validated_and_its_domain_lowercased():
    assert check_field("email", "Alice@Example.COM") == "Alice@example.com"
    for bad in ["", "alice", "alice@", "a b@example.com", "alice@example.com\n", "a\x00@example.com"]:
        with pytest.raises(ValidationError) as caught:
            check_field("email", bad)
        assert caught.value.field == "email"


@pytest.mark.parametrize("name", ["Zoë Müller", "李小龙", "O'Brien, Jr.", "x" * 100, "'; DROP TABLE events; --"])
def test_display_names_are_kept_as_typed(name):
    assert check_field("display_name", name) == name


@pytest.mark.parametrize(
    "name, reason",
    [
        ("", "required"),
        ("   ", "required"),
        ("x" * 101, "at most 100"),
        (" Alice", "spaces"),
        ("Al\nice", "control"),
        ("Al\x00ice", "control"),
        ("evil\u202egnp.exe", "control"),
        ("lone \ud800 surrogate", "control"),
    ],
)
def test_bad_display_names_are_refused(name, reason):
    with pytest.raises(ValidationError) as caught:
        check_field("display_name", name)
    assert reason in caught.value.reason


def test_role_and_active():
    assert check_field("role", "editor") == "editor"
    assert check_field("active", False) is False
    with pytest.raises(ValidationError):
        check_field("role", "owner")
    with pytest.raises(ValidationError):
        check_field("active", "yes")
    with pytest.raises(ValidationError):
        check_field("id", "x")


@pytest.mark.parametrize("name", ["\u200b", "\u200b\u200d", "\u2060\ufeff"])
def test_a_display_name_of_invisible_characters_only_is_refused(name):
    with pytest.raises(ValidationError, match="visible"):
        check_field("display_name", name)


def test_the_ascii_characters_counted_visible_are_exactly_the_regex_s():
    import unicodedata

    from esdesktop.domain.user import _ASCII_VISIBLE

    for code in range(128):
        visible = unicodedata.category(chr(code))[0] in "LNPS"
        assert visible == bool(_ASCII_VISIBLE.fullmatch(chr(code))), hex(code)


DISPLAY_TEXT = st.text(alphabet=st.characters(codec=None), max_size=110) | st.sampled_from(
    [" A", "A ", "\u3000A", "A\u00a0", "x\u202ey", "\x07", "a" * 100, "a" * 101, "!", "\u200b"])


@given(DISPLAY_TEXT)
def test_the_display_name_fast_path_accepts_only_what_the_full_checks_accept(value):
    from esdesktop.domain.user import _check_display_name_fully, check_display_name

    try:
        expected = _check_display_name_fully(value)
    except ValidationError as error:
        with pytest.raises(ValidationError) as caught:
            check_display_name(value)
        assert (caught.value.field, caught.value.reason) == (error.field, error.reason)
    else:
        assert check_display_name(value) == expected == value
