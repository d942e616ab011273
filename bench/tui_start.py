"""Time from process start to the TUI's first paint and to "detail filled", 10,000 papers.

Method: a temporary PAPERDESK_HOME gets the seeded library plus synthetic papers (10,000 in
all, a third of them in one big reading list), and the TUI's state file says the user was last
on "All papers" (the biggest view). Then ``python -m paperdesk tui`` is started on a
pseudo-terminal (the real Linux driver, as on a user's terminal) with
``PAPERDESK_TUI_EXIT_AFTER_DETAIL=<file>``: when the main screen has been composed, filled and
refreshed, the app writes ``time.time()`` to that file (first paint); when the detail pane first
shows the full record of the paper under the cursor (the SQLAlchemy library is open by then),
it writes a second line and exits. Times are since just before the process was spawned, so they
include interpreter start-up and every import. The app also reports the CPU time it used until
first paint (``time.process_time()``), which does not depend on what else the machine is doing.
The first paint's 200 rows come from an indexed ``LIMIT`` query; all 10,000 are in the table a
moment later (loaded in a worker after the first paint).

Each size is run on a quiet machine and again while a second process keeps one core busy
(``python -c 'while 1: pass'``), unless ``--quiet-only``.

Run by hand:  .venv/bin/python bench/tui_start.py [--papers 10000] [--runs 7] [--quiet-only]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_library(home: Path, n_papers: int) -> int:
    """The seeded library plus synthetic papers up to ``n_papers``; returns the paper count."""
    import sqlite3

    env = {**os.environ, "PAPERDESK_HOME": str(home)}
    subprocess.run(
        [sys.executable, "-m", "paperdesk", "lists"], env=env, check=True, capture_output=True
    )
    db = sqlite3.connect(home / "library.sqlite")
    (have,) = db.execute("SELECT COUNT(*) FROM papers").fetchone()
    now = "2026-01-01 00:00:00"
    states = ("unread", "queued", "reading", "read", "skimmed", "dropped")
    rows = []
    for i in range(n_papers - have):
        base = f"{1800 + i // 99999:04d}.{i % 99999:05d}"
        rows.append(
            (
                base,
                base,
                f"A synthetic paper number {i} about attention and scale",
                json.dumps([f"Author {i % 97}", f"Author {i % 89}"]),
                2018 + i % 8,
                f"https://arxiv.org/abs/{base}",
                "planned" if i % 50 == 0 else "none",
                now,
                now,
                "[]",
            )
        )
    db.executemany(
        "INSERT INTO papers (key, arxiv_id, title, authors, year, url, "
        "replication_state, added_at, updated_at, categories) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    # the only member: "me" whatever the OS user is called (the single-user rule)
    db.execute("INSERT INTO members (name, created_at) VALUES ('bench', ?)", (now,))
    (me,) = db.execute("SELECT id FROM members WHERE name = 'bench'").fetchone()
    db.executemany(
        "INSERT INTO readings (member_id, paper_id, state, updated_at) VALUES (?, ?, ?, ?)",
        [
            (me, pid, states[n % 6], now)
            for n, (pid,) in enumerate(db.execute("SELECT id FROM papers ORDER BY id").fetchall())
            if n % 6
        ],
    )
    db.execute(
        "INSERT INTO reading_lists (name, title, source, created_at) "
        "VALUES ('big', 'A big list', 'user', ?)",
        (now,),
    )
    (list_id,) = db.execute("SELECT id FROM reading_lists WHERE name = 'big'").fetchone()
    ids = [r[0] for r in db.execute("SELECT id FROM papers ORDER BY id")][: n_papers // 3]
    db.executemany(
        "INSERT INTO list_entries (list_id, paper_id, stage, position) VALUES (?, ?, ?, ?)",
        [(list_id, pid, f"{1 + n // 500}. Part", n + 1) for n, pid in enumerate(ids)],
    )
    db.commit()
    (total,) = db.execute("SELECT COUNT(*) FROM papers").fetchone()
    db.close()
    (home / "tui-state.json").write_text(json.dumps({"view": "all"}))
    return int(total)


def run_once(home: Path, size: tuple[int, int]) -> tuple[float, float, float]:
    """(first paint, CPU seconds until then, detail filled); times since just before the
    spawn."""
    marker = home / "first-paint.txt"
    marker.unlink(missing_ok=True)
    env = {
        **os.environ,
        "PAPERDESK_HOME": str(home),
        "PAPERDESK_TUI_EXIT_AFTER_DETAIL": str(marker),
        "TERM": "xterm-256color",
        "COLUMNS": str(size[0]),
        "LINES": str(size[1]),
    }
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))

    def drain() -> None:
        while True:
            try:
                if not os.read(master, 65536):
                    return
            except OSError:
                return

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.time()
    proc = subprocess.Popen(
        [sys.executable, "-m", "paperdesk", "tui"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    os.close(slave)
    try:
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    os.close(master)
    lines = marker.read_text().splitlines() if marker.exists() else []
    if len(lines) < 2:
        raise SystemExit(f"the TUI did not report paint and detail (exit code {proc.returncode})")
    painted, cpu = (float(x) for x in lines[0].split())
    detail = float(lines[1].split()[0])
    return painted - start, cpu, detail - start


def python_start() -> float:
    start = time.time()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.time() - start


def busy_core() -> subprocess.Popen[bytes]:
    """A second process that keeps one core busy (as a build or a training run would)."""
    return subprocess.Popen([sys.executable, "-c", "while 1: pass"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quiet-only", action="store_true", help="skip the busy-core runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="paperdesk-bench-") as tmp:
        home = Path(tmp) / "home"
        total = build_library(home, args.papers)
        print(f"library: {total} papers, {os.cpu_count()} cores, python {sys.version.split()[0]}")
        run_once(home, (120, 40))  # warm the OS file cache and .pyc files
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        print(
            f"{'terminal':<9} {'machine':<10} {'first paint, wall (s)':>26}  "
            f"{'CPU to paint':>12}  {'detail filled (s)':>17}"
        )
        heads = ("median", "min", "max")
        cols = " ".join(f"{h:>8}" for h in heads)
        print(f"{'':<20} {cols}  {'median':>12}  {'median':>17}")
        loads = ("quiet",) if args.quiet_only else ("quiet", "busy core")
        for load in loads:
            hog = busy_core() if load == "busy core" else None
            try:
                for size in ((80, 24), (120, 40)):
                    runs = [run_once(home, size) for _ in range(args.runs)]
                    paints, cpus, details = zip(*runs, strict=True)
                    print(
                        f"{size[0]}x{size[1]:<6} {load:<10} {statistics.median(paints):8.3f} "
                        f"{min(paints):8.3f} {max(paints):8.3f}  {statistics.median(cpus):12.3f}  "
                        f"{statistics.median(details):17.3f}"
                    )
            finally:
                if hog is not None:
                    hog.kill()
                    hog.wait()
        base = statistics.median(python_start() for _ in range(5))
        print(f"(for scale: 'python -c pass' takes {base:.3f} s here)")


if __name__ == "__main__":
    main()
