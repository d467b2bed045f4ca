#!/usr/bin/env python3
"""Query plans of every statement a server ran, read back from its sqlx query log.

Start the server with RUST_LOG="info,sqlx::query=debug" (its log in a file), fetch the pages
to check, then:

    benches/explain_pages.py LOG --sqlite DATA_DIR/cliffhanger.db
    benches/explain_pages.py LOG --postgres postgres://postgres@127.0.0.1:5432/DB

Each distinct SELECT is explained once (SQLite: EXPLAIN QUERY PLAN with its parameters
unbound; PostgreSQL: the generic plan of the prepared statement, which holds for any
parameter values). A full scan of a table (SQLite `SCAN t` without an index, PostgreSQL
`Seq Scan`) is flagged; the exit status is 1 when any statement has one that is not listed
with --allow TABLE (small catalogue tables may be scanned).
"""
import argparse
import re
import sqlite3
import subprocess
import sys

ANSI = re.compile(r"\x1b\[[0-9;]*m")
STATEMENT = re.compile(r'db\.statement="((?:[^"\\]|\\.)*)"')
TARGET = re.compile(r"http\.target=(\S+)")


def statements(log_path, all_tasks):
    """(sql, page) of each distinct SELECT run inside an HTTP request (or by anything, with
    all_tasks), in the order first seen; page is the request's target."""
    seen, out = set(), []
    with open(log_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = ANSI.sub("", line)
            m = STATEMENT.search(line)
            if not m:
                continue
            target = TARGET.search(line)
            if not target and not all_tasks:
                continue
            sql = m.group(1).encode().decode("unicode_escape").strip()
            head = sql.lstrip("(").split(None, 1)[0].upper() if sql else ""
            if head not in ("SELECT", "WITH") or sql in seen:
                continue
            seen.add(sql)
            out.append((sql, target.group(1) if target else "(background)"))
    return out


class Concat:
    """A stand-in for string_agg, which the sqlite3 module's library may predate: planning
    only needs the function to exist."""

    def __init__(self):
        self.parts = []

    def step(self, value, sep):
        self.parts.append((value, sep))

    def finalize(self):
        return None


def params(sql):
    return max((int(n) for n in re.findall(r"\$(\d+)", sql)), default=0)


def sqlite_plan(db, sql):
    binds = {str(i): None for i in range(1, params(sql) + 1)}
    rows = db.execute("EXPLAIN QUERY PLAN " + sql, binds).fetchall()
    lines = [r[3] for r in rows]
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    aliases = alias_map(sql)
    scans = []
    for d in lines:
        # "SCAN x" without "USING … INDEX" reads every row of x (a table, or a subquery's
        # own rows, which are not flagged).
        m = re.match(r"SCAN (\w+)(?: LEFT-JOIN)?$", d)
        if m:
            name = aliases.get(m.group(1), m.group(1))
            if name in tables:
                scans.append(name)
    return lines, scans


def alias_map(sql):
    """alias → table for `FROM/JOIN table alias` in a statement."""
    return {
        alias: table
        for table, alias in re.findall(r"(?:FROM|JOIN)\s+(\w+)\s+(?:AS\s+)?(\w+)", sql, re.I)
    }


def postgres_plan(url, sql):
    n = params(sql)
    args = "(" + ", ".join(["NULL"] * n) + ")" if n else ""
    script = (
        "SET plan_cache_mode = force_generic_plan;\n"
        f"PREPARE q AS {sql};\n"
        f"EXPLAIN (COSTS OFF) EXECUTE q{args};\n"
    )
    res = subprocess.run(
        ["psql", url, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"],
        input=script, capture_output=True, text=True,
    )
    if res.returncode != 0:
        return [f"(not explained: {res.stderr.strip()})"], []
    lines = [l for l in res.stdout.splitlines() if l.strip()]
    scans = re.findall(r"Seq Scan on (\w+)", res.stdout)
    return lines, scans


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("log")
    ap.add_argument("--sqlite")
    ap.add_argument("--postgres")
    ap.add_argument("--allow", action="append", default=[], help="a table that may be scanned")
    ap.add_argument("--all", action="store_true", help="also statements of background tasks")
    a = ap.parse_args()
    if bool(a.sqlite) == bool(a.postgres):
        ap.error("give exactly one of --sqlite and --postgres")
    db = None
    if a.sqlite:
        db = sqlite3.connect(f"file:{a.sqlite}?mode=ro", uri=True)
        db.create_aggregate("string_agg", 2, Concat)
    flagged = 0
    stmts = statements(a.log, a.all)
    for i, (sql, page) in enumerate(stmts, 1):
        lines, scans = sqlite_plan(db, sql) if db else postgres_plan(a.postgres, sql)
        bad = [t for t in scans if t not in a.allow]
        flagged += bool(bad)
        print(f"--- {i}. [{page}] {' '.join(sql.split())[:200]}")
        for l in lines:
            print("    " + l)
        if bad:
            print(f"    !! full scan of {', '.join(sorted(set(bad)))}")
    print(f"{len(stmts)} statements, {flagged} with a full scan of a table not allowed")
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
