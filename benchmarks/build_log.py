"""Build (and cache) the benchmark log: N events over U users, a realistic mix.

    python -m benchmarks.build_log [--events 1000000] [--users 100000] [--verify] [--force]

The log is written through the real :class:`esdesktop.History`, so it is exactly what the
app would have written, hash chain, timeline, snapshots and all. It is opened with
``durable=False`` (fsync off): the log is throwaway, and a build that dies is never
reused, because it is built under a temporary name and renamed when complete.

The mix, in order of the log:
* imports: ``import_share`` of the users arrive in batches of ``import_size`` (one
  revision each, like a CSV import), the first at the very start, the rest spread out;
* one user created per revision for the other users, spread over the whole log;
* field changes, one per revision (display name, email, role, active, username);
* deletes (``delete_share`` of the users);
* now and then an undo run of 1..``undo_depth`` steps, after which the next edit starts a
  branch: the undone revisions stay in the file, off the current timeline.

Every event written counts towards ``events``, those left on old branches included.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.people import ROLES, People
from esdesktop import History
from esdesktop.history.history import DEFAULT_SNAPSHOT_EVERY

BUILDER_VERSION = 12  # 2: snapshots in columns-json-zlib-2; 3: their users in username order;
# 4, 5: earlier layouts of columns-nul-*-3 (never released); 6: columns-nul-lz4-3 with starts;
# 7: columns-nul-lz4-4 (usernames with starts too); 8: columns-nul-lz4-5 (rows in id order);
# 9: columns-nul-lz4-6 (the ids' hash slots); 10: file format 2 (no index of events by
# revision; the cursor kept as steps behind the tip; never released); 11: format 2 with
# each timeline row's last_seq (never released); 12: format 2 indexing only forks by parent
OUT = Path(__file__).resolve().parent / "out"
CREATE, CHANGE, DELETE, IMPORT = range(4)
FIELD_WEIGHTS = {"display_name": 35, "email": 25, "role": 20, "active": 15, "username": 5}


@dataclass(frozen=True)
class Spec:
    """What to build. Each distinct spec is cached under its own file name."""

    events: int = 1_000_000
    users: int = 100_000
    seed: int = 7
    snapshot_every: int = DEFAULT_SNAPSHOT_EVERY
    import_share: float = 0.2
    import_size: int = 2_000
    delete_share: float = 0.02
    branch_every: int = 500
    undo_depth: int = 12

    @property
    def name(self) -> str:
        return (f"log-e{self.events}-u{self.users}-s{self.seed}"
                f"-n{self.snapshot_every}-v{BUILDER_VERSION}.db")

    @property
    def batch_size(self) -> int:
        return max(1, min(self.import_size, self.users // 10))

    @property
    def imports(self) -> int:
        return max(1, round(self.users * self.import_share / self.batch_size))


class Writer:
    """Drives a History through the mix, one action per :meth:`step`."""

    def __init__(self, history: History, spec: Spec):
        self.h, self.spec = history, spec
        self.rng = random.Random(spec.seed)
        self.people = People(self.rng)
        self.live: list[str] = []
        self.where: dict[str, int] = {}
        self.line: list[tuple[int, object]] = []  # one entry per revision on the timeline
        self.written = self.singles = self.deletes = self.imports = self.undo_runs = 0

    # -- choosing ------------------------------------------------------------------------

    def step(self) -> None:
        if self._import_due():
            self._import()
        elif self.line and self.rng.random() < 1 / self.spec.branch_every:
            self._undo_run()
        else:
            self._single()

    def _import_due(self) -> bool:
        spec = self.spec
        return self.imports < spec.imports and (
            self.written >= self.imports * spec.events // spec.imports)

    def _single(self) -> None:
        spec = self.spec
        left = max(1, spec.events - self.written - (spec.imports - self.imports) * spec.batch_size)
        singles = spec.users - spec.imports * spec.batch_size - self.singles
        deletes = round(spec.users * spec.delete_share) - self.deletes
        roll = self.rng.random() * left
        if not self.live or roll < singles:
            self._create()
        elif roll < singles + deletes and len(self.live) > 1:
            self._delete()
        else:
            self._change()

    # -- actions -------------------------------------------------------------------------

    def _create(self) -> None:
        uid = self.h.create_user(**self.people.new_user())
        self._add(uid)
        self._wrote(CREATE, uid, 1)
        self.singles += 1

    def _import(self) -> None:
        count = min(self.spec.batch_size, self.spec.events - self.written)
        uids = []
        with self.h.batch(f"Import {count} users from staff-{self.imports + 1}.csv"):
            for _ in range(count):
                uids.append(self.h.create_user(**self.people.new_user()))
        for uid in uids:
            self._add(uid)
        self._wrote(IMPORT, uids, count)
        self.imports += 1

    def _delete(self) -> None:
        uid = self.rng.choice(self.live)
        self.h.delete_user(uid)
        self._remove(uid)
        self._wrote(DELETE, uid, 1)
        self.deletes += 1

    def _change(self) -> None:
        uid = self.rng.choice(self.live)
        fields = self.h.users.fields(uid)
        field = self.rng.choices(list(FIELD_WEIGHTS), weights=list(FIELD_WEIGHTS.values()))[0]
        before = self.h.cursor
        self.h.update_user(uid, **{field: self._new_value(fields, field)})
        if self.h.cursor != before:
            self._wrote(CHANGE, uid, 1)

    def _new_value(self, fields, field: str):
        people, current = self.people, fields[field]
        if field == "active":
            return not current
        if field == "role":
            return self.rng.choice([role for role in ROLES if role != current])
        if field == "username":
            return people.username()
        value = current
        while value == current:
            value = people.email(fields["username"]) if field == "email" else people.display_name()
        return value

    def _undo_run(self) -> None:
        for _ in range(min(self.rng.randint(1, self.spec.undo_depth), len(self.line))):
            self.h.undo()
            self._forget(*self.line.pop())
        self.undo_runs += 1

    # -- bookkeeping ---------------------------------------------------------------------

    def _wrote(self, kind: int, subject, count: int) -> None:
        self.line.append((kind, subject))
        self.written += count

    def _forget(self, kind: int, subject) -> None:
        """Undo the builder's own record of one revision the history just undid."""
        if kind == CREATE:
            self._remove(subject)
            self.singles -= 1
        elif kind == IMPORT:
            for uid in subject:
                self._remove(uid)
            self.imports -= 1
        elif kind == DELETE:
            self._add(subject)
            self.deletes -= 1

    def _add(self, uid: str) -> None:
        self.where[uid] = len(self.live)
        self.live.append(uid)

    def _remove(self, uid: str) -> None:
        index, last = self.where.pop(uid), self.live.pop()
        if last != uid:
            self.live[index] = last
            self.where[last] = index


def build(spec: Spec, path: Path, progress=None) -> dict:
    """Write the log for ``spec`` at ``path`` and its build info beside it (``.json``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".building-{os.getpid()}-{path.name}")
    temporary.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        with History.create(temporary, durable=False, actor="benchmark",
                            snapshot_every=spec.snapshot_every) as history:
            writer = Writer(history, spec)
            _write(writer, progress)
            info = _summary(spec, writer, history, time.perf_counter() - started)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    path.with_suffix(".json").write_text(json.dumps(info, indent=2) + "\n")
    return info


def _write(writer: Writer, progress) -> None:
    every, next_report = max(1, writer.spec.events // 20), 0
    started = time.perf_counter()
    while writer.written < writer.spec.events:
        writer.step()
        if progress and writer.written >= next_report:
            rate = writer.written / max(time.perf_counter() - started, 1e-9)
            progress(f"{writer.written:>9} events  {rate:>8.0f} events/s")
            next_report += every


def _summary(spec: Spec, writer: Writer, history: History, seconds: float) -> dict:
    tips = history.branch_tips()
    return {
        "spec": asdict(spec),
        "build_seconds": round(seconds, 1),
        "events": writer.written,
        "revisions": max(tip.id for tip in tips) + 1,
        "timeline_length": history.length,
        "live_users": len(history.users),
        "users_created_on_timeline": writer.singles + writer.imports * spec.batch_size,
        "deletes_on_timeline": writer.deletes,
        "undo_runs": writer.undo_runs,
        "branches": len(tips),
    }


def ensure(spec: Spec, out: Path = OUT, progress=None, force: bool = False
           ) -> tuple[Path, dict]:
    """The log for ``spec`` in ``out``, built unless a complete one is cached there; and
    its build info."""
    path = out / spec.name
    info = path.with_suffix(".json")
    if force or not path.exists() or not info.exists():
        build(spec, path, progress)
    return path, json.loads(info.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=Spec.events)
    parser.add_argument("--users", type=int, default=Spec.users)
    parser.add_argument("--seed", type=int, default=Spec.seed)
    parser.add_argument("--snapshot-every", type=int, default=Spec.snapshot_every)
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    parser.add_argument("--verify", action="store_true", help="run esdesktop verify on it")
    args = parser.parse_args(argv)
    spec = Spec(events=args.events, users=args.users, seed=args.seed,
                snapshot_every=args.snapshot_every)
    path, info = ensure(spec, progress=lambda line: print(line, file=sys.stderr),
                        force=args.force)
    print(path)
    print(json.dumps(info, indent=2))
    if args.verify:
        from esdesktop.cli import main as esdesktop

        return esdesktop(["verify", str(path)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
