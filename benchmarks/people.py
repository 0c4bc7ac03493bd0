"""Invented people for the benchmark logs: usernames, emails, display names.

Deterministic for a given ``random.Random``. Usernames carry a running number, so they
never collide however many are made; display names mix plain and accented Latin names.
"""

from __future__ import annotations

import random

FIRST = ("alice", "oliver", "hannah", "george", "priya", "marcus", "fiona", "tobias",
         "yvonne", "declan", "ines", "jerome", "monica", "dragan", "gulsen", "bjorn",
         "zofia", "matteo", "aiko", "kwame", "lucia", "pavel", "noor", "emeka")
LAST = ("ashdown", "pemberton", "hollis", "mayhew", "eldridge", "ortuzar", "krejci",
        "gunesli", "beaumarche", "lindqvist", "nowak", "rossi", "tanaka", "mensah",
        "garcia", "novak", "haddad", "okafor", "schulz", "moreau")
ACCENTED = {"ines": "Inés", "jerome": "Jérôme", "monica": "Mónica", "gulsen": "Gülşen",
            "bjorn": "Björn", "ortuzar": "Ortúzar", "krejci": "Krejčí", "gunesli": "Güneşli",
            "beaumarche": "Beaumarché"}
DOMAINS = ("example.com", "example.org", "mail.example.com", "eu.example.net")
ROLES = ("viewer", "editor", "admin")
ROLE_WEIGHTS = (60, 33, 7)


def _title(part: str) -> str:
    return ACCENTED.get(part, part.capitalize())


class People:
    """Makes new, unique user fields and new values for existing users."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.count = 0

    def _pair(self) -> tuple[str, str]:
        return self.rng.choice(FIRST), self.rng.choice(LAST)

    def username(self) -> str:
        self.count += 1
        first, last = self._pair()
        style = self.rng.randrange(3)
        base = (f"{first}.{last}", f"{first[0]}{last}", f"{first}_{last}")[style]
        return f"{base}{self.count}"

    def email(self, username: str) -> str:
        return f"{username}@{self.rng.choice(DOMAINS)}"

    def display_name(self) -> str:
        first, last = self._pair()
        return f"{_title(first)} {_title(last)}"

    def role(self) -> str:
        return self.rng.choices(ROLES, weights=ROLE_WEIGHTS, k=1)[0]

    def new_user(self) -> dict:
        username = self.username()
        return {"username": username, "email": self.email(username),
                "display_name": self.display_name(), "role": self.role(),
                "active": self.rng.random() < 0.9}


def users_csv(path, count: int, seed: int = 11) -> list[dict]:
    """Write ``count`` new users to a CSV at ``path`` (the import's format); return them."""
    import csv

    people = People(random.Random(seed))
    rows = [people.new_user() for _ in range(count)]
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({**row, "active": "true" if row["active"] else "false"}
                         for row in rows)
    return rows
