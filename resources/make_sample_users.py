"""Generate resources/sample_users.csv: about 200 fictional users for demos and tests.

Stdlib only and deterministic (fixed seed): running it again rewrites the same file.

    python resources/make_sample_users.py

Every row follows the rules the app enforces on import:
  username      3-32 chars of a-z 0-9 . _ -, unique, never starting or ending with a
                separator and never two separators in a row (so it is also a valid
                email local part)
  email         <username>@ an example domain (example.com/.org/.net or a subdomain)
  display_name  1-100 chars, no control characters; many are accented or non-Latin
  role          viewer | editor | admin (mostly viewers and editors)
  active        true | false (mostly true)

The names are random pairings of first names and surnames from per-language pools, so the
people are invented; any resemblance to a real person is a coincidence.
"""

from __future__ import annotations

import csv
import random
import re
import unicodedata
from pathlib import Path

SEED = 20240611
COUNT = 200
OUT = Path(__file__).resolve().parent / "sample_users.csv"

# Latin-script pools: (first names, surnames). Accents are kept in display names and
# folded to ASCII for usernames.
LATIN_POOLS: dict[str, tuple[list[str], list[str]]] = {
    "en": (
        ["Alice", "Oliver", "Hannah", "George", "Maisie", "Rupert", "Imogen", "Callum",
         "Priya", "Marcus", "Bethany", "Declan", "Fiona", "Tobias", "Yvonne", "Nathaniel"],
        ["Ashdown", "Brackley", "Pemberton", "Fairweather", "Hollis", "Thistlewood",
         "Carrow", "Mayhew", "Eldridge", "Whitcombe", "Penhaligon", "Rookwood"],
    ),
    "de": (
        ["Zoë", "Jürgen", "Lotte", "Matthias", "Anneliese", "Björn", "Käthe", "Lukas",
         "Friederike", "Götz"],
        ["Müller", "Schäfer", "Großkopf", "Weißenborn", "Hölzl", "Brückner", "Kästner",
         "Lindqvist-Öhler", "Sauerbrey", "Tränkle"],
    ),
    "fr": (
        ["Amélie", "Benoît", "Céline", "Hélène", "Jérôme", "Noémie", "François", "Gaëlle",
         "Loïc", "Maëlys"],
        ["Lefèvre", "Beaumarché", "Dufresne", "Château-Roux", "Pélissier", "Guérin",
         "Ducoeur", "Vautrin", "Mévellec"],
    ),
    "es_pt": (
        ["Iñaki", "Begoña", "Joaquín", "Lucía", "Sebastián", "Mónica", "João", "Conceição",
         "Tomás", "Inês", "Gonçalo", "Ximena"],
        ["Núñez", "Echeverría", "Ibáñez", "Calderón", "Fonseca", "Magalhães", "Gusmão",
         "Ortúzar", "Peñalosa", "Brandão"],
    ),
    "nordic": (
        ["Søren", "Åsa", "Ingrid", "Magnús", "Sigrún", "Eero", "Aino", "Bjørg", "Halvard",
         "Ólöf"],
        ["Kjærgaard", "Lindström", "Høiberg", "Öberg", "Järvinen", "Ødegård",
         "Sandvik", "Mäkelä", "Nyholm"],
    ),
    "central_east": (
        ["Łukasz", "Małgorzata", "Zdeněk", "Žofie", "Ágnes", "Dávid", "Mircea", "Ștefania",
         "Dragan", "Jelena", "Vesna", "Wojciech"],
        ["Nowak", "Wójcik", "Krejčí", "Mazur", "Kovács", "Szőke", "Popescu", "Ionescu",
         "Petrović", "Horvat", "Kowalczyk"],
    ),
    "tr": (
        ["Çağla", "Emre", "Gülşen", "Oğuz", "Şebnem", "İlkay"],
        ["Yıldırım", "Özdemir", "Kılıç", "Aksoy", "Güneşli"],
    ),
    # Vietnamese order: family name and middle name first, given name last.
    "vi": (
        ["Nguyễn Thị", "Trần Văn", "Lê Minh", "Phạm Thu", "Võ Hoàng"],
        ["Hà", "Hương", "Đức", "Thảo", "Khoa"],
    ),
    "other": (
        ["Aoife", "Siobhán", "Tama", "Kalani", "Oluwaseun", "Chiamaka", "Kwame", "Thandiwe",
         "Anaïs", "Rafael"],
        ["Ó Fearghail", "Donnachie", "Ngata", "Akana", "Adebayo", "Okonkwo", "Mensah",
         "Dlamini", "Oyelaran"],
    ),
}

# Non-Latin names, written as a person would write their own name, with the romanisation
# used to build the username.
NON_LATIN: list[tuple[str, str]] = [
    ("Анна Воронцова", "anna vorontsova"),
    ("Дмитрий Белозёров", "dmitry belozyorov"),
    ("Ольга Светлова", "olga svetlova"),
    ("Ярослав Михайленко", "yaroslav mykhailenko"),
    ("Ελένη Παπαδάκη", "eleni papadaki"),
    ("Νίκος Σταυρίδης", "nikos stavridis"),
    ("田中 美咲", "misaki tanaka"),
    ("佐藤 健太", "kenta sato"),
    ("山本 葵", "aoi yamamoto"),
    ("王 晓燕", "xiaoyan wang"),
    ("李 明轩", "mingxuan li"),
    ("陈 静怡", "jingyi chen"),
    ("김 서연", "seoyeon kim"),
    ("박 지훈", "jihoon park"),
    ("ليلى حداد", "layla haddad"),
    ("عمر السيد", "omar elsayed"),
    ("נועה כהן", "noa cohen"),
    ("אביב לוי", "aviv levi"),
    ("प्रिया शर्मा", "priya sharma"),
    ("अर्जुन मेहता", "arjun mehta"),
    ("สมชาย ใจดี", "somchai jaidee"),
    ("Արամ Պետրոսյան", "aram petrosyan"),
    ("ნინო ბერიძე", "nino beridze"),
]

# A few names that exercise edge cases: a comma (CSV quoting), an apostrophe, a single
# word, a nickname in quotes, a long multi-part name, a title.
SPECIAL: list[tuple[str, str]] = [
    ("Dr. Inês Albuquerque, PhD", "ines albuquerque"),
    ("Declan O'Rourke-Vance", "declan orourke"),
    ("Mononym", "mononym"),
    ('Margarethe "Grete" Vollständig', "grete vollstaendig"),
    ("María de los Ángeles Fernández-Villaverde y Ocampo", "maria fernandez villaverde"),
    ("Sir Reginald Foxworth-Tilney III", "reginald foxworth"),
    ("Ætheldreda Ørsted-Lund", "aetheldreda orsted"),
    ("Jean-Baptiste N'Diaye-Roussel", "jean-baptiste ndiaye"),
]

# Letters that NFKD does not decompose to ASCII.
FOLD = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
    "ß": "ss", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "đ": "d", "Đ": "D", "ı": "i",
})

DOMAINS = [
    ("example.com", 40), ("example.org", 20), ("example.net", 15),
    ("mail.example.com", 10), ("corp.example.org", 8), ("eu.example.net", 4),
    ("staff.example.com", 3),
]
ROLES = [("viewer", 60), ("editor", 33), ("admin", 7)]

USERNAME_RE = re.compile(r"^[a-z0-9](?:[a-z0-9]|[._-](?=[a-z0-9]))*$")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def ascii_fold(text: str) -> str:
    text = text.translate(FOLD)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ord(ch) < 128)


def name_parts(romanised: str) -> list[str]:
    words = re.split(r"[^a-z0-9]+", ascii_fold(romanised).lower())
    return [w for w in words if w]


def weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    values, weights = zip(*options)
    return rng.choices(values, weights=weights, k=1)[0]


def make_username(rng: random.Random, parts: list[str], taken: set[str]) -> str:
    first, last = parts[0], parts[-1]
    candidates = [
        f"{first}.{last}", f"{first}_{last}", f"{first[0]}{last}", f"{first}-{last}",
        f"{first}{last[0]}", f"{last}.{first[0]}", f"{first}",
    ]
    style = rng.random()
    if style < 0.55:
        base = candidates[0]
    elif style < 0.7:
        base = candidates[2]
    elif style < 0.8:
        base = candidates[1]
    elif style < 0.88:
        base = candidates[3]
    elif style < 0.94:
        base = candidates[4]
    else:
        base = candidates[5]
    if rng.random() < 0.12:
        base += str(rng.randint(1, 99))
    base = base[:32].strip("._-")
    username = base
    n = 2
    while username in taken or len(username) < 3:
        suffix = str(n)
        username = base[: 32 - len(suffix)].rstrip("._-") + suffix
        n += 1
    return username


def people(rng: random.Random) -> list[tuple[str, str]]:
    """(display_name, romanised name) pairs, COUNT of them, no display name twice."""
    chosen: list[tuple[str, str]] = list(SPECIAL) + list(NON_LATIN)
    seen = {display for display, _ in chosen}
    pools = list(LATIN_POOLS.values())
    weights = [3, 2, 2, 2, 2, 2, 1, 1, 2]
    while len(chosen) < COUNT:
        firsts, lasts = rng.choices(pools, weights=weights, k=1)[0]
        display = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        if display in seen:
            continue
        seen.add(display)
        chosen.append((display, display))
    rng.shuffle(chosen)
    return chosen


def check(row: dict[str, str]) -> None:
    u, email, name = row["username"], row["email"], row["display_name"]
    assert 3 <= len(u) <= 32 and USERNAME_RE.match(u), u
    local, _, domain = email.partition("@")
    assert local == u and any(domain == d or domain.endswith("." + d) for d in
                              ("example.com", "example.org", "example.net")), email
    assert 1 <= len(name) <= 100 and not CONTROL_RE.search(name) and name.strip() == name, name
    assert row["role"] in {"viewer", "editor", "admin"}
    assert row["active"] in {"true", "false"}


def build() -> list[dict[str, str]]:
    rng = random.Random(SEED)
    rows: list[dict[str, str]] = []
    taken: set[str] = set()
    for display, romanised in people(rng):
        username = make_username(rng, name_parts(romanised), taken)
        taken.add(username)
        row = {
            "username": username,
            "email": f"{username}@{weighted(rng, DOMAINS)}",
            "display_name": display,
            "role": weighted(rng, ROLES),
            "active": "true" if rng.random() < 0.88 else "false",
        }
        check(row)
        rows.append(row)
    return rows


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=["username", "email", "display_name", "role", "active"],
            lineterminator="\n",
        )
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} users to {OUT}")


if __name__ == "__main__":
    main()
