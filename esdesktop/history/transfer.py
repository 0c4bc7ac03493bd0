"""CSV import and CSV/JSON export of users."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
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
    text = _read_text(Path(path))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _parse(reader)
    except csv.Error as error:  # a field over csv's size limit (128 KiB), say
        raise ValidationError("row", f"cannot be read as CSV: {error}",
                              line=reader.line_num + 1) from None


def _parse(reader: csv.DictReader) -> list[tuple[int, dict]]:
    header = reader.fieldnames or []
    missing = [column for column in ("username", "email", "display_name") if column not in header]
    if missing:
        raise ValidationError("header", f"the CSV has no column {', '.join(missing)}", line=1)
    unknown = [column for column in header if column not in COLUMNS]
    if unknown:
        raise ValidationError("header", f"unknown column {', '.join(unknown)}", line=1)
    rows, end = [], reader.line_num
    for row in reader:
        line, end = end + 1, reader.line_num  # where the row starts (a quoted field may span lines)
        if None in row:
            raise ValidationError("row", "has more values than the header has columns", line=line)
        rows.append((line, _fields(row, line)))
    return rows


def import_csv(history, path, label: str | None = None) -> int:
    """Add every row of a users CSV as one revision; returns how many users were added.
    Every row is checked first: a bad row is named by its line and nothing is written."""
    rows = read_csv(path)
    if not rows:
        return 0
    label = label or f"Import {len(rows)} users from {Path(path).name}"
    with history.batch(label):
        for line, fields in rows:
            try:
                history.create_user(**fields)
            except ValidationError as error:
                raise ValidationError(error.field, error.reason, line=line) from None
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


def _fields(row: dict, line: int) -> dict:
    fields = {f: row[f] for f in FIELDS if row.get(f) not in (None, "")}
    for required in ("username", "email", "display_name"):
        fields.setdefault(required, "")
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
