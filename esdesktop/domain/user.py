"""The user record and the rules its fields follow."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict

from esdesktop.errors import ValidationError

ROLES = ("viewer", "editor", "admin")
FIELDS = ("username", "email", "display_name", "role", "active")
FIELD_TITLES = {
    "username": "username",
    "email": "email",
    "display_name": "display name",
    "role": "role",
    "active": "active",
}
USERNAME_RE = re.compile(r"[a-z0-9._-]{3,32}")
DISPLAY_NAME_MAX = 100
# Characters refused in any text field: controls (Cc: exactly U+0000-U+001F and
# U+007F-U+009F), surrogates (Cs: U+D800-U+DFFF), and the bidi embedding/override/isolate
# controls that can make text display as something else. One pattern: one scan per value.
_BAD = "\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
BAD_CHARACTERS = re.compile(f"[{_BAD}]")

# The ASCII characters of Unicode categories L, N, P and S (letters, numbers, punctuation,
# symbols) are exactly "!" to "~": one regex scan finds a visible character in most names,
# leaving the per-character category lookup to names without any.
_ASCII_VISIBLE = re.compile("[!-~]")
# A display name that passes every check of check_display_name: a visible ASCII character
# somewhere, no space first or last (``\s`` is what str.strip() removes), at most
# DISPLAY_NAME_MAX characters and none of BAD_CHARACTERS. Others take the checks one by one.
_PLAIN_DISPLAY_NAME = re.compile(
    rf"(?=.*[!-~])(?!\s)[^{_BAD}]{{1,{DISPLAY_NAME_MAX}}}(?<!\s)",
    re.DOTALL)

Role = Literal["viewer", "editor", "admin"]


class User(BaseModel):
    """One user record, as it stands at some revision. Immutable."""

    model_config = ConfigDict(frozen=True)

    id: str
    username: str
    email: str
    display_name: str
    role: Role
    active: bool


def username_keys(usernames: Iterable[str], user_ids: Iterable[str]) -> list[str]:
    """Each user's place in username order, as text that sorts that way: the username
    casefolded, then the id ("\0" sorts before any character a username may hold). The
    users table sorts by these, and snapshots list their users in this order."""
    return list(map("\0".join, zip(map(str.casefold, usernames), user_ids, strict=True)))


def check_username(value) -> str:
    if not isinstance(value, str):
        raise ValidationError("username", "must be text")
    if not USERNAME_RE.fullmatch(value):
        if value != value.lower() and USERNAME_RE.fullmatch(value.lower()):
            raise ValidationError("username", "use lowercase letters only")
        raise ValidationError(
            "username", "must be 3 to 32 characters: lowercase letters, digits, '.', '_' or '-'"
        )
    return value


def check_email(value) -> str:
    if not isinstance(value, str) or not value:
        raise ValidationError("email", "is required")
    local, _, domain = value.rpartition("@")
    known = _CHECKED_DOMAINS.get(domain)
    if (known is not None and len(local) <= 64 and _PLAIN_LOCAL_PART.fullmatch(local)
            and len(local) + len(known) < 254):  # _plain_local_part(local), written out
        # what email_validator returns for it, only faster; a plain local part and an
        # accepted domain hold no character that _refuse_bad_characters refuses
        return value if known == domain else f"{local}@{known}"
    _refuse_bad_characters("email", value)
    try:
        checked = validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValidationError("email", f"is not a valid address ({error})") from None
    if _plain_local_part(checked.local_part) and len(_CHECKED_DOMAINS) < 10_000:
        _CHECKED_DOMAINS[domain] = checked.domain
    return checked.normalized


# Speed (importing 100,000 users): email_validator takes ~0.1 ms an address, most of it on
# the domain. It checks the local part and the domain independently, and it returns a
# plain ASCII local part as it is. So once it has accepted an address with a plain local
# part, another plain local part at the same domain needs only the local part's pattern
# and the length limit. tests/domain/test_email_fast_path.py compares both ways.
_CHECKED_DOMAINS: dict[str, str] = {}  # domain as typed -> as email_validator returned it
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_PLAIN_LOCAL_PART = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*")


def _plain_local_part(local: str) -> bool:
    return len(local) <= 64 and _PLAIN_LOCAL_PART.fullmatch(local) is not None


def check_display_name(value) -> str:
    if not isinstance(value, str):
        raise ValidationError("display_name", "must be text")
    if _PLAIN_DISPLAY_NAME.fullmatch(value):
        return value  # passes every check of the full one, in one scan: imports check 100,000
    return _check_display_name_fully(value)


def _check_display_name_fully(value: str) -> str:
    if not value.strip():
        raise ValidationError("display_name", "is required")
    if not _ASCII_VISIBLE.search(value) and not any(
            unicodedata.category(char)[0] in "LNPS" for char in value):
        raise ValidationError("display_name", "needs at least one visible character")
    if len(value) > DISPLAY_NAME_MAX:
        raise ValidationError("display_name", f"must be at most {DISPLAY_NAME_MAX} characters")
    if value != value.strip():
        raise ValidationError("display_name", "must not start or end with spaces")
    _refuse_bad_characters("display_name", value)
    return value


def check_role(value) -> str:
    if value not in ROLES:
        raise ValidationError("role", "must be one of viewer, editor, admin")
    return value


def check_active(value) -> bool:
    if not isinstance(value, bool):
        raise ValidationError("active", "must be true or false")
    return value


CHECKS = {
    "username": check_username,
    "email": check_email,
    "display_name": check_display_name,
    "role": check_role,
    "active": check_active,
}


def check_field(field: str, value):
    """Return ``value`` as stored (emails are normalised), or raise ValidationError."""
    try:
        check = CHECKS[field]
    except KeyError:
        raise ValidationError(field, "is not a user field") from None
    return check(value)


def _refuse_bad_characters(field: str, value: str) -> None:
    found = BAD_CHARACTERS.search(value)  # one regex scan: the import's hot path
    if found:
        raise ValidationError(
            field, f"must not contain control characters (found U+{ord(found.group()):04X})"
        )
