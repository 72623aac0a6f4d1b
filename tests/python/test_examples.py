"""The Python examples run as a user would run them (a fresh /usr/bin/python3 process) and say
what they should."""

import os
import struct
import subprocess
import sys

from conftest import EXAMPLES


def run(*args):
    # The interpreter running the suite: the one the extension was built for.
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_quickstart_tells_the_story():
    done = run(EXAMPLES / "quickstart.py", "memory:")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "customer 1 张伟: born 1985-03-14, male (prospect)" in out
    assert "rejected: invalid_argument: identity.number:" in out
    assert "policy P0000000001 is in_force" in out
    assert "daily run 2027-01-10: 1 entered grace, 1 lapsed" in out
    assert "policy P0000000001 is in_force again" in out
    history = [line.split()[3] for line in out.splitlines() if line.startswith("  20")]
    assert history == ["applied", "underwriting", "issued", "in_force", "grace_period", "lapsed", "reinstated",
                       "in_force"]


def test_segment_chart_writes_a_png(tmp_path):
    png = tmp_path / "charts" / "segments.png"
    done = run(EXAMPLES / "segment_chart.py", png, "--customers", 600)
    assert done.returncode == 0, done.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (900, 500) and len(data) > 10_000
    out = done.stdout
    assert "customers imported" in out and "rows rejected" in out and "policies migrated" in out
    rows = [line.split() for line in out.splitlines() if line.split()[:1] in (["Beijing"], ["Shanghai"], ["Chengdu"],
                                                                                ["Hangzhou"], ["Shenzhen"])]
    # Two tables of five regions: by lifecycle stage (every customer once), then by segment.
    assert len(rows) == 10
    stages, segments = rows[:5], rows[5:]
    imported = int(out.split(" customers imported")[0].split()[-1])
    assert sum(int(x) for row in stages for x in row[1:]) == imported
    sizes = {line.split()[1].rstrip(":"): int(line.split()[2]) for line in out.splitlines() if line.startswith("segment ")}
    assert list(sizes) == ["prospects", "paid_up", "lapsing", "high_income"]
    # Each segment's members are counted once under their region; prospects, paid-up and lapsing
    # customers partition the book.
    for column, name in enumerate(sizes, start=1):
        assert sum(int(row[column]) for row in segments) == sizes[name]
    assert sizes["prospects"] + sizes["paid_up"] + sizes["lapsing"] == imported


def test_complaints_runs_intake_breach_reopen_closure():
    done = run(EXAMPLES / "complaints.py", "memory:")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "complaint 1 received Fri 2024-10-18 16:00" in out
    assert "  acknowledge by Mon 2024-10-21 16:00  (open)" in out
    # The watchdog escalates once, however often it runs.
    assert "run_daily #1 at Mon 2024-10-21 17:00: 1 complaint(s) escalated" in out
    assert "run_daily #2 at Mon 2024-10-21 17:00: 0 complaint(s) escalated" in out
    assert "refused: illegal_transition: status: cannot close a complaint that is assigned" in out
    assert "complaint 1 is closed: escalation level 1, reopened 1 time(s), satisfaction 4/5" in out
    assert "  acknowledge by Mon 2024-10-21 16:00  (MISSED, done Mon 2024-10-21 17:00)" in out
    # The two days it stood closed before the reopen moved the resolve deadline out; it was met.
    assert "(in time, done Wed 2024-10-23 11:00)" in out
    events = [line.split()[4] for line in out.splitlines() if line.startswith("  Fri 2024") or line.startswith("  Mon 2024")
              or line.startswith("  Wed 2024")]
    assert events == ["receive", "escalate", "assign", "start_investigation", "propose_solution", "inform_customer",
                      "close", "reopen", "propose_solution", "inform_customer", "close"]
    assert ("October: 1 received, 1 closed, 1 escalated; acknowledged in time 0/1; reopen rate 100 %; "
            "by category {'service': 1}; root causes {'agent_conduct': 1}") in out
    assert "NPS +0 from 1 answer(s); complaint handling 4.0/5 by survey, 4.0/5 at close" in out


def test_import_export_reports_rows_and_masks_the_export():
    done = run(EXAMPLES / "import_export.py", "memory:")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "all or nothing: 0 of 4 rows imported, 1 rejected" in out
    assert "row 1: id_number: invalid_argument:" in out
    assert "customers stored: 0" in out
    assert "skip bad rows: 3 of 4 rows imported, 1 rejected" in out
    assert "  [####################] 4/4" in out
    assert "policies: 1 of 2 rows imported, 1 rejected" in out
    assert "payments: 2 of 2 rows imported, 0 rejected" in out
    assert "duplicate candidates 1 and 3: name_and_birth_date" in out
    assert "138****5678" in out and "13812345678" not in out.split("export for an analyst:")[1]
