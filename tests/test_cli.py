"""The command line, run as a person or a script would: real subprocesses, real files."""

import csv
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from esdesktop import History

ROOT = Path(__file__).parents[1]
SAMPLE = ROOT / "resources" / "sample_users.csv"


def esdesktop(*args, cwd=None):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture
def log(tmp_path):
    path = tmp_path / "team.db"
    History.create(path).close()
    return path


def revision_count(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
    finally:
        conn.close()


def test_import_is_one_revision(log):
    result = esdesktop("import", log, SAMPLE)
    assert result.returncode == 0, result.stderr
    assert "Imported 200 users as revision 1" in result.stdout
    assert revision_count(log) == 2
    with History.open(log) as history:
        assert len(history.users) == 200


def test_a_bad_row_is_named_by_its_line_and_nothing_is_written(log, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("username,email,display_name,role,active\n"
                   "anna,anna@example.com,Anna,viewer,true\n"
                   "bert,bert@example.com,Bert,viewer,true\n"
                   "carl,not-an-email,Carl,viewer,true\n")
    result = esdesktop("import", log, bad)
    assert result.returncode == 1
    assert result.stderr.startswith("esdesktop: line 4: email:")
    assert "Traceback" not in result.stderr
    assert revision_count(log) == 1


def test_duplicate_usernames_inside_one_csv_are_refused(log, tmp_path):
    bad = tmp_path / "dupe.csv"
    bad.write_text("username,email,display_name\nanna,a@example.com,Anna\nanna,b@example.com,Anna B\n")
    result = esdesktop("import", log, bad)
    assert result.returncode == 1 and "line 3: username" in result.stderr
    assert revision_count(log) == 1


def test_export_csv_and_json_at_the_cursor_and_at_a_revision(log, tmp_path):
    esdesktop("import", log, SAMPLE)
    with History.open(log) as history:
        some = next(iter(history.users.values()))
        history.update_user(some.id, role="admin" if some.role != "admin" else "viewer")
    out_csv, out_json, old_csv = tmp_path / "now.csv", tmp_path / "now.json", tmp_path / "old.csv"
    assert esdesktop("export", log, out_csv).returncode == 0
    assert esdesktop("export", log, out_json).returncode == 0
    assert esdesktop("export", log, old_csv, "--at", 1).returncode == 0
    rows = {r["id"]: r for r in csv.DictReader(out_csv.open(encoding="utf-8"))}
    records = {r["id"]: r for r in json.loads(out_json.read_text(encoding="utf-8"))}
    old = {r["id"]: r for r in csv.DictReader(old_csv.open(encoding="utf-8"))}
    assert len(rows) == len(records) == len(old) == 200
    assert rows[some.id]["role"] == records[some.id]["role"] != old[some.id]["role"]
    assert records[some.id]["active"] in (True, False)


def test_exported_csv_imports_into_a_new_log_unchanged(log, tmp_path):
    esdesktop("import", log, SAMPLE)
    first = tmp_path / "first.csv"
    esdesktop("export", log, first)
    copy = tmp_path / "copy.db"
    History.create(copy).close()
    assert esdesktop("import", copy, first).returncode == 0
    second = tmp_path / "second.csv"
    esdesktop("export", copy, second)

    def without_ids(path):
        return [{k: v for k, v in r.items() if k != "id"} for r in csv.DictReader(path.open())]

    assert without_ids(first) == without_ids(second)


def test_history_marks_the_cursor(log):
    with History.open(log) as history:
        uid = history.create_user(username="anna", email="a@example.com", display_name="Anna")
        history.update_user(uid, role="editor")
        history.undo()
    result = esdesktop("history", log)
    lines = result.stdout.splitlines()
    assert result.returncode == 0 and len(lines) == 3
    assert lines[1].startswith(">") and "Create user anna" in lines[1]
    assert "Change role of anna" in lines[2] and not lines[2].startswith(">")
    result = esdesktop("history", log, "--user", uid)
    assert "user.created" in result.stdout


def test_verify_exit_codes(log, tmp_path):
    assert esdesktop("verify", log).returncode == 0
    conn = sqlite3.connect(log)
    conn.execute("INSERT INTO revisions VALUES (1, 0, 1, 0, 'forged', 'x', 'x', 'x')")
    conn.commit()
    conn.close()
    result = esdesktop("verify", log)
    assert result.returncode == 1 and "first bad revision: 1" in result.stderr


@pytest.mark.parametrize("verb", ["verify", "history", "export"])
def test_missing_and_foreign_files_get_one_line_and_no_traceback(tmp_path, verb):
    extra = [tmp_path / "out.csv"] if verb == "export" else []
    result = esdesktop(verb, tmp_path / "missing.db", *extra)
    assert result.returncode == 1 and "does not exist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    (tmp_path / "notes.db").write_text("hello")
    result = esdesktop(verb, tmp_path / "notes.db", *extra)
    assert result.returncode == 1 and "not an esdesktop log" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "missing.db").exists()


def test_usage_errors_and_help():
    assert esdesktop("import").returncode == 2
    result = esdesktop("--help")
    assert result.returncode == 0 and "import" in result.stdout


def test_reading_a_tampered_log_warns_on_stderr(log):
    with History.open(log) as history:
        history.create_user(username="anna", email="a@example.com", display_name="Anna")
    conn = sqlite3.connect(log)
    conn.execute("DROP TRIGGER events_no_update")
    conn.close()
    result = esdesktop("history", log)
    assert result.returncode == 0 and "Create user anna" in result.stdout
    assert "warning" in result.stderr and "events_no_update" in result.stderr


def test_import_into_an_old_log_upgrades_it_and_names_the_copy(tmp_path):
    old = tmp_path / "old.db"
    old.write_bytes((ROOT / "tests" / "fixtures" / "v1_log.db").read_bytes())
    result = esdesktop("import", old, SAMPLE)
    assert result.returncode == 0, result.stderr
    assert "upgraded to the current file format" in result.stderr
    assert str(tmp_path / "old.format-1-backup.db") in result.stderr
    assert result.stdout.startswith("Imported ")
    assert esdesktop("verify", old).returncode == 0
