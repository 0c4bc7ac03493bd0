"""The markdown the benchmark prints: the machine, the log, and the table."""

from __future__ import annotations

import os
import platform
import sqlite3

from benchmarks.measure import Row


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (f"{os.cpu_count()} cores ({cpu_model()}), Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}; "
            f"load average {load} when the table was printed")


def table(rows: list[Row]) -> str:
    lines = ["| what | figure | budget | baseline, same run | pass |",
             "| --- | --- | --- | --- | --- |"]
    lines += [f"| {r.what} | {r.figure} | {r.budget} | {r.baseline or '-'} | {r.verdict} |"
              for r in rows]
    return "\n".join(lines)


def render(title: str, log_line: str, sections: list[tuple[str, list[Row]]],
           notes: list[str]) -> str:
    parts = [f"### {title}", "", f"Machine: {machine()}.", "", f"Log: {log_line}", ""]
    for heading, rows in sections:
        if heading:
            parts += [f"**{heading}**", ""]
        parts += [table(rows), ""]
    parts += [f"- {note}" for note in notes]
    return "\n".join(parts).rstrip() + "\n"
