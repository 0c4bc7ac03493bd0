"""CSV import and CSV/JSON export of users."""

from __future__ import annotations

import csv
import gc
import io
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from esdesktop.domain import FIELDS, User
from esdesktop.errors import Error, ValidationError

BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
COLUMNS = ("id", *FIELDS)


class TransferError(Error):
    """A file to import or export could not be read or written."""


def read_csv(path) -> list[tuple[int, dict]]:
    """Rows of a users CSV as (line number, fields). Checks the header and the booleans;
    the fields themselves are checked by the commands."""
    rows = _numbered(csv.reader(io.StringIO(_read_text(Path(path)), newline="")))
    _, header = next(rows, (1, []))
    missing = [column for column in ("username", "email", "display_name") if column not in header]
    if missing:
        raise ValidationError("header", f"the CSV has no column {', '.join(missing)}", line=1)
    unknown = [column for column in header if column not in COLUMNS]
    if unknown:
        raise ValidationError("header", f"unknown column {', '.join(unknown)}", line=1)
    return [(line, _fields(row, header, line)) for line, row in rows if row]


def _numbered(reader) -> Iterator[tuple[int, list[str]]]:
    """(the line a row starts on, the row); a quoted field may span lines. A row csv
    cannot read (a field over its 128 KiB limit, say) is named by its line."""
    end = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ValidationError("row", f"cannot be read as CSV: {error}", line=end + 1) from None
        yield end + 1, row
        end = reader.line_num


def import_csv(history, path, label: str | None = None) -> int:
    """Add every row of a users CSV as one revision; returns how many users were added.
    Every row is checked first: a bad row is named by its line and nothing is written."""
    with _collector_paused():
        rows = read_csv(path)
        if rows:
            history.create_users(rows, label or f"Import {len(rows)} users from {Path(path).name}")
    return len(rows)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the block. An import makes some 600,000 objects
    that all live on (rows, events, the users' dicts, none of them in a cycle), and the
    collector would walk them all again each time their count grows by a quarter: a third
    of the import's time at 100,000 users (measured with and without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def export_users(users: Mapping[str, User], path) -> int:
    """Write users to ``path``: JSON when it ends in .json, CSV otherwise. Returns the count."""
    path = Path(path)
    records = [users[uid].model_dump() for uid in sorted(users, key=lambda u: users[u].username)]
    if path.suffix.lower() == ".json":
        text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    else:
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({**r, "active": "true" if r["active"] else "false"} for r in records)
        text = buffer.getvalue()
    try:
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise TransferError(f"cannot write {path}: {error.strerror}") from None
    return len(records)


def _fields(row: list[str], header: list[str], line: int) -> dict:
    """A row's fields for the create command (a repeated column: its last value). An empty
    role or active is left out (the command's default); an empty required field stays
    empty (the command names it); the id column is not imported."""
    if len(row) != len(header):
        if len(row) > len(header):
            raise ValidationError("row", "has more values than the header has columns",
                                  line=line)
        row = row + [""] * (len(header) - len(row))
    fields = dict(zip(header, row, strict=True))
    fields.pop("id", None)
    if not fields.get("role", True):
        del fields["role"]
    active = fields.pop("active", "")
    if active:
        value = BOOLEANS.get(active.strip().lower())
        if value is None:
            raise ValidationError("active", "must be true or false", line=line)
        fields["active"] = value
    return fields


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TransferError(f"{path} does not exist") from None
    except OSError as error:
        raise TransferError(f"cannot read {path}: {error.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TransferError(f"{path} is not UTF-8 text (byte {error.start})") from None
