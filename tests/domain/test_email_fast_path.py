"""The fast paths of field validation give exactly what the slow ones give."""

import unicodedata

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from esdesktop.domain.user import BAD_CHARACTERS, check_email
from esdesktop.errors import ValidationError

ATEXT = "abcxyzABCXYZ0189!#$%&'*+/=?^_`{|}~-"
DOMAINS = ("example.com", "Mail.Example.ORG", "eu.example.net", "x-1.example.com")
local_parts = st.text(alphabet=ATEXT + ".", min_size=1, max_size=70) | st.text(max_size=12)


def slow(address: str) -> str | None:
    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def fast(address: str) -> str | None:
    try:
        return check_email(address)
    except ValidationError:
        return None


@settings(max_examples=400, deadline=None)
@given(local=local_parts, domain=st.sampled_from(DOMAINS))
def test_an_address_at_a_known_domain_checks_as_email_validator_checks_it(local, domain):
    check_email(f"known@{domain}")  # the domain is now known to the fast path
    address = f"{local}@{domain}"
    if BAD_CHARACTERS.search(address):
        return  # refused before either validator runs
    assert fast(address) == slow(address)


@pytest.mark.parametrize("address", [
    "a" * 65 + "@example.com", "x@" + "a" * 63 + "." + "b" * 63 + "." + "c" * 63 + ".com",
    "a..b@example.com", ".a@example.com", "a.@example.com", '"a b"@example.com',
    "a@localhost", "a@example", "a@-x.example.com", "A.B+tag@Example.COM",
])
def test_edge_addresses_check_as_email_validator_checks_them(address):
    check_email("known@example.com")
    assert fast(address) == slow(address)


def test_the_bad_character_pattern_is_the_unicode_categories_and_bidi_controls():
    bidi = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    for code in range(0x110000):
        char = chr(code)
        expected = char in bidi or unicodedata.category(char) in ("Cc", "Cs")
        assert (BAD_CHARACTERS.fullmatch(char) is not None) == expected, hex(code)
