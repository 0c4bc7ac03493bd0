"""CSV import and CSV/JSON export of users."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
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
    where = {column: index for index, column in enumerate(header)}  # a repeated column: the last
    columns = [(field, where[field]) for field in FIELDS if field in where]
    width = len(header)
    return [(line, _fields(row, columns, width, line)) for line, row in rows if row]


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
    rows = read_csv(path)
    if not rows:
        return 0
    label = label or f"Import {len(rows)} users from {Path(path).name}"
    history.create_users(rows, label)
    return len(rows)


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


def _fields(row: list[str], columns: list[tuple[str, int]], width: int, line: int) -> dict:
    """A row's fields for the create command: an empty role or active is left out (the
    command's default), an empty required field stays empty (the command names it)."""
    if len(row) != width:
        if len(row) > width:
            raise ValidationError("row", "has more values than the header has columns",
                                  line=line)
        row = row + [""] * (width - len(row))
    fields = {"username": "", "email": "", "display_name": ""}
    fields.update((field, row[index]) for field, index in columns)
    if not fields.get("role", True):
        del fields["role"]
    if not fields.get("active", True):
        del fields["active"]
    if "active" in fields:
        value = BOOLEANS.get(fields["active"].strip().lower())
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
