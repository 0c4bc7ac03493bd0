"""The command line: ``esdesktop [LOG]`` opens the window; verbs work headless.

    esdesktop import LOG users.csv
    esdesktop export LOG out.csv|out.json [--at REVISION | --as-of "2026-11-26 14:05"]
    esdesktop diff LOG A B [--json]
    esdesktop history LOG [--user ID]
    esdesktop verify LOG
    esdesktop backup LOG DEST
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import datetime

from esdesktop import __version__
from esdesktop.allocator import keep_freed_memory
from esdesktop.errors import Error, NotFoundError
from esdesktop.history import History, compare
from esdesktop.history.transfer import export_users, import_csv
from esdesktop.history.verify import verify

log = logging.getLogger("esdesktop")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="esdesktop", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"esdesktop {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")

    verb = verbs.add_parser("import", help="add the users of a CSV file as one revision")
    verb.add_argument("log")
    verb.add_argument("csv")
    verb.set_defaults(run=run_import)

    verb = verbs.add_parser("export", help="write the users to CSV or JSON (by the file's suffix)")
    verb.add_argument("log")
    verb.add_argument("out")
    when = verb.add_mutually_exclusive_group()
    when.add_argument("--at", type=int, metavar="REVISION", help="as at this revision (default: the cursor)")
    when.add_argument("--as-of", type=local_time, metavar="TIME",
                      help='as at the last revision made at or before this local time, '
                      'e.g. "2026-11-26 14:05"')
    verb.set_defaults(run=run_export)

    verb = verbs.add_parser("history", help="list the revisions of the current timeline")
    verb.add_argument("log")
    verb.add_argument("--user", metavar="ID", help="only this user's changes")
    verb.set_defaults(run=run_history)

    verb = verbs.add_parser("diff", help="what differs between two revisions")
    verb.add_argument("log")
    for name in ("a", "b"):
        verb.add_argument(name, metavar=name.upper(),
                          help="a revision id, 'cursor', 'tip' or a checkpoint's name")
    verb.add_argument("--json", action="store_true", help="print JSON instead of text")
    verb.set_defaults(run=run_diff)

    verb = verbs.add_parser("verify", help="check the file, the hash chain and the snapshots")
    verb.add_argument("log")
    verb.set_defaults(run=run_verify)

    verb = verbs.add_parser("backup", help="copy the log, complete even while it is open")
    verb.add_argument("log")
    verb.add_argument("dest", help="a new file (an existing one is never overwritten)")
    verb.set_defaults(run=run_backup)
    return parser


def gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="esdesktop", description="Open the esdesktop window.",
                                     epilog="Verbs: import, export, history, diff, verify, backup "
                                     "(esdesktop VERB --help).")
    parser.add_argument("--version", action="version", version=f"esdesktop {__version__}")
    parser.add_argument("log", nargs="?", help="the log to open (default: your default log)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    keep_freed_memory()
    if argv and argv[0] in ("import", "export", "history", "diff", "verify", "backup"):
        args = build_parser().parse_args(argv)
        return _guarded(lambda: args.run(args))
    args = gui_parser().parse_args(argv)
    from esdesktop.gui.app import run  # Qt only when the window is wanted

    return run(args.log)


def run_import(args) -> int:
    with History.open(args.log) as history:
        if history.upgraded_copy is not None:
            print(f"esdesktop: {args.log} was upgraded to the current file format; the file "
                  f"as it was is kept as {history.upgraded_copy}.", file=sys.stderr)
        count = import_csv(history, args.csv)
        print(f"Imported {count} users as revision {history.cursor}.")
    return 0


def run_export(args) -> int:
    with _reading(args.log) as history:
        if args.as_of is not None:
            args.at = history.revision_at(args.as_of)
            print(_as_of_line(history.revision(args.at), args.as_of))
        users = history.users if args.at is None else history.users_at(args.at)
        count = export_users(users, args.out)
        at = history.cursor if args.at is None else args.at
        print(f"Exported {count} users as at revision {at} to {args.out}.")
    return 0


def run_history(args) -> int:
    with _reading(args.log) as history:
        if args.user:
            for entry in history.user_history(args.user):
                print(_line(entry.revision, history.cursor, detail=_describe(entry.event)))
        else:
            for revision in history.timeline():
                print(_line(revision, history.cursor))
    return 0


def run_diff(args) -> int:
    with _reading(args.log) as history:
        a, b = _revision_named(history, args.a), _revision_named(history, args.b)
        found = history.diff(a.id, b.id)
        if args.json:
            print(json.dumps(found.as_json(), ensure_ascii=False, indent=2))
            return 0
        print(f"From {_named(a)}\n  to {_named(b)}:")
        print("\n".join(compare.text_lines(found)))
    return 0


def local_time(text: str) -> datetime:
    """A local date and time as typed: "2026-11-26 14:05", "2026-11-26T14:05:30" or a date."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date and time; write it like \"2026-11-26 14:05\"") from None
    return moment


def _revision_named(history: History, text: str):
    """A revision given on the command line: its id, 'cursor', 'tip' or a checkpoint name."""
    if text.isascii() and text.isdigit():
        return history.revision(int(text))
    if text in ("cursor", "tip"):
        return history.revision(getattr(history, text))
    for checkpoint in history.checkpoints():
        if checkpoint.name.casefold() == text.casefold():
            return history.revision(checkpoint.revision)
    raise NotFoundError(f"{text!r} is not a revision id, 'cursor', 'tip' or a checkpoint name")


def _named(revision) -> str:
    when = revision.time.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    return f"revision {revision.id} ({revision.label}, {when})"


def _as_of_line(revision, moment: datetime) -> str:
    asked = moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    if revision.id == 0:
        return f"Nothing had been recorded by {asked}: exporting the empty revision 0."
    return f"The last revision at or before {asked} is {_named(revision)}."


def run_verify(args) -> int:
    report = verify(args.log)
    if report.ok:
        print(f"{args.log}: OK ({report.revisions} revisions, {report.snapshots} snapshots checked)")
        return 0
    where = f" first bad revision: {report.first_bad_revision}." if report.first_bad_revision is not None else ""
    print(f"{args.log}: FAILED.{where}", file=sys.stderr)
    for problem in report.problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def run_backup(args) -> int:
    with _reading(args.log) as history:
        history.backup(args.dest)
        print(f"Backed up {args.log} to {args.dest}, every branch and the cursor.")
    return 0


def _reading(path) -> History:
    """The log opened read-only; a warning found on open (a damaged log can still be read)
    goes to stderr, so the output is never taken for a clean log's."""
    history = History.open(path, readonly=True)
    for warning in history.warnings:
        print(f"esdesktop: warning: {path}: {warning}", file=sys.stderr)
    return history


def _line(revision, cursor: int, detail: str = "") -> str:
    mark = ">" if revision.id == cursor else " "
    when = revision.time.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    text = f"{mark} {revision.depth:>6}  r{revision.id:<7} {when}  {revision.actor:<10} {revision.label}"
    return f"{text}  [{detail}]" if detail else text


def _describe(event) -> str:
    if event.type == "user.changed":
        return ", ".join(f"{f}: {old!r} -> {new!r}" for f, (old, new) in event.changes.items())
    return event.type


def _guarded(action) -> int:
    try:
        return action()
    except Error as error:
        print(f"esdesktop: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: one line for the person, the details in the log
        where = _log_unexpected(error)
        print(f"esdesktop: unexpected error ({type(error).__name__}: {error}). "
              f"Details were written to {where}.", file=sys.stderr)
        return 70


def _log_unexpected(error: Exception) -> str:
    from esdesktop.logfile import log_path, setup_logging

    setup_logging()
    log.error("unexpected error at %s", datetime.now().isoformat(), exc_info=error)
    return str(log_path())
