"""The `inscrm` command-line tool, end to end: run as a user would, on a throwaway SQLite file.

Run by CTest (cli/pytest) with INSCRM_CLI = the built tool and INSCRM_ARTIFACTS = where the report
and its screenshot are kept (build/<preset>/artifacts). One small sample book serves every test
(module fixture), so the suite stays within seconds also under ASan.
"""

import csv
import io
import json
import os
import pathlib
import re
import shutil
import sqlite3
import subprocess

import pytest

CLI = os.environ.get("INSCRM_CLI", "inscrm")
ARTIFACTS = pathlib.Path(os.environ.get("INSCRM_ARTIFACTS", "artifacts"))
TODAY = "2026-09-30"  # the sample book's horizon
SAMPLE = 120


def run(*args, check=True, cwd=None):
    result = subprocess.run([CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"inscrm {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "book.db"
    out = run("--uri", f"sqlite:{db}", "init", "--sample", str(SAMPLE))
    assert f"{SAMPLE} customers" in out.stdout
    return f"sqlite:{db}"


def test_init_creates_and_refuses_to_overwrite(tmp_path):
    uri = f"sqlite:{tmp_path / 'new.db'}"
    out = run("--uri", uri, "init")
    assert "schema version" in out.stdout
    again = run("--uri", uri, "init", check=False)
    assert again.returncode == 1
    assert "already_exists" in again.stderr and "migrate" in again.stderr


def test_migrate_needs_an_existing_database(tmp_path):
    missing = run("--uri", f"sqlite:{tmp_path / 'missing.db'}", "migrate", check=False)
    assert missing.returncode == 1 and "not_found" in missing.stderr
    assert not (tmp_path / "missing.db").exists()
    uri = f"sqlite:{tmp_path / 'm.db'}"
    run("--uri", uri, "init")
    assert "the current one" in run("--uri", uri, "migrate").stdout


def test_usage_errors_exit_2():
    assert run("frobnicate", check=False).returncode == 2
    assert run("--uri", "memory:", "kpi", "--perod", "2026", check=False).returncode == 2
    bad_role = run("--uri", "memory:", "--role", "wizard", "kpi", check=False)
    assert bad_role.returncode == 2 and "role" in bad_role.stderr
    assert run("--help").stdout.startswith("usage: inscrm")


def test_export_customers_csv_has_every_customer(book):
    out = run("--uri", book, "export", "customers")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == SAMPLE
    assert rows[0]["id"] == "1" and rows[0]["identity_type"] == "resident_id"
    assert all(len(r["identity_number"]) == 18 for r in rows)


def test_export_policies_json_to_a_file(book, tmp_path):
    target = tmp_path / "policies.json"
    run("--uri", book, "export", "policies", "--format", "json", "--output", str(target))
    policies = json.loads(target.read_text(encoding="utf-8"))
    assert len(policies) == 2 * SAMPLE
    assert {"in_force", "lapsed"} & {p["status"] for p in policies}
    assert all(p["currency"] == "CNY" for p in policies)


def test_segment_run_and_define(book):
    listed = run("--uri", book, "segment", "list").stdout
    assert "at_risk" in listed and "young_adults" in listed
    out = run("--uri", book, "segment", "run", "young_adults", "--as-of", TODAY).stdout
    assert "members as of 2026-09-30" in out
    run("--uri", book, "segment", "define", "everyone_over_18", "age >= 18", "--kind", "demographic")
    everyone = run("--uri", book, "segment", "run", "everyone_over_18", "--as-of", TODAY).stdout
    assert everyone.startswith(f"everyone_over_18: {SAMPLE} members")
    bad = run("--uri", book, "segment", "define", "broken", "age >>= 3", check=False)
    assert bad.returncode == 2 and "rule" in bad.stderr


def test_kpi_by_period_org_unit_agent_and_segment(book):
    company = json.loads(run("--uri", book, "--today", TODAY, "kpi", "--period", "2026Q3", "--json").stdout)
    assert company["from"] == "2026-07-01" and company["to"] == "2026-10-01"
    assert company["renewal"]["eligible"] > 0
    assert 0 <= company["renewal"]["rate"] <= 1
    # The book has no campaign: nothing cost anything, so there is no ROI to report.
    assert company["campaigns"] == 0 and company["campaign_cost"] == 0 and company["campaign_roi"] is None
    branch = json.loads(run("--uri", book, "--today", TODAY, "kpi", "--period", "2026Q3", "--org-unit", "SH",
                            "--json").stdout)
    assert branch["renewal"]["eligible"] <= company["renewal"]["eligible"]
    run("--uri", book, "segment", "run", "at_risk", "--as-of", TODAY)
    seg = run("--uri", book, "--today", TODAY, "kpi", "--period", "2026", "--segment", "at_risk").stdout
    assert "segment at_risk" in seg and "renewal rate" in seg and "campaign ROI" in seg
    unknown = run("--uri", book, "kpi", "--org-unit", "NOWHERE", check=False)
    assert unknown.returncode == 1 and "not_found" in unknown.stderr
    assert run("--uri", book, "kpi", "--period", "2026Q5", check=False).returncode == 2


def test_kpi_by_agent(book):
    db = book.removeprefix("sqlite:")
    with sqlite3.connect(db) as con:
        (code,) = con.execute("SELECT code FROM agents ORDER BY id LIMIT 1").fetchone()
    out = run("--uri", book, "--today", TODAY, "kpi", "--agent", code).stdout
    assert f"agent {code}" in out


def test_audit_verify_finds_a_tampered_record(book, tmp_path):
    assert "audit chain intact" in run("--uri", book, "audit", "verify").stdout
    denied = run("--uri", book, "--role", "agent", "audit", "verify", check=False)
    assert denied.returncode == 1 and "permission_denied" in denied.stderr
    copy = tmp_path / "tampered.db"
    shutil.copy(book.removeprefix("sqlite:"), copy)
    # The master key of personal data lives beside the database (<db>.key): the copy needs it too.
    shutil.copy(book.removeprefix("sqlite:") + ".key", str(copy) + ".key")
    with sqlite3.connect(copy) as con:
        con.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 7")
    broken = run("--uri", f"sqlite:{copy}", "audit", "verify", check=False)
    assert broken.returncode == 1
    assert "BROKEN at record 7" in broken.stdout


def find_colour(image, rgb, tolerance=6):
    """How many pixels are within `tolerance` of `rgb` on every channel."""
    r0, g0, b0 = rgb
    return sum(1 for (r, g, b) in image.getdata()
               if abs(r - r0) <= tolerance and abs(g - g0) <= tolerance and abs(b - b0) <= tolerance)


def hex_rgb(text):
    return tuple(int(text[i:i + 2], 16) for i in (1, 3, 5))


# The chart colours of tools/cli/html_report.hpp (colours::…).
CHART_COLOURS = {
    "pareto": "#1f6fb4",
    "segments": "#2e9e4f",
    "tiers": "#f28e1c",
    "sla_met": "#2a8f8f",
    "month13": "#7b52ab",
    "month25": "#c9b3e6",
}


def test_report_html_renders_its_charts_in_chromium(book):
    from PIL import Image

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = ARTIFACTS / "report.html"
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    out = run("--uri", book, "--today", TODAY, "report", "--html", str(page)).stdout
    assert "4 segments" in out or "5 segments" in out
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 5
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")

    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed (scripts/setup installs it)"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--force-color-profile=srgb", "--window-size=1240,1400", f"--screenshot={shot}",
                    page.resolve().as_uri()],
                   capture_output=True, timeout=60, check=True)
    image = Image.open(shot).convert("RGB")
    assert image.size == (1240, 1400)
    counts = {name: find_colour(image, hex_rgb(colour)) for name, colour in CHART_COLOURS.items()}
    # Every chart drew its marks: a few hundred pixels of each colour at least (a bar or the curve).
    for name, n in counts.items():
        assert n > 300, f"chart colour {name} found on {n} pixels only: {counts}"
    # And the page is mostly white background, not an error page or a blank render.
    assert find_colour(image, (255, 255, 255), 0) > image.size[0] * image.size[1] // 3


def test_report_on_an_empty_book_says_so_in_every_chart(tmp_path):
    uri = f"sqlite:{tmp_path / 'empty.db'}"
    run("--uri", uri, "init")
    page = tmp_path / "empty.html"
    run("--uri", uri, "--today", TODAY, "report", "--html", str(page))
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 5
    assert "no positive total profit in the period" in html
    assert "nothing to show yet" in html  # no segment run
    assert "no complaint deadline decided in the period" in html
    assert "no instalment of the 13th or 25th month fell due" in html


def test_report_escapes_names_it_shows(book, tmp_path):
    run("--uri", book, "segment", "define", "<b>&bold</b>", "age >= 60")
    run("--uri", book, "segment", "run", "<b>&bold</b>", "--as-of", TODAY)
    page = tmp_path / "escaped.html"
    run("--uri", book, "--today", TODAY, "report", "--html", str(page))
    html = page.read_text(encoding="utf-8")
    assert "&lt;b&gt;&amp;bold&lt;/b&gt;" in html and "<b>&bold</b>" not in html


def test_care_run_is_idempotent_for_a_day(book):
    first = run("--uri", book, "care", "run", "--day", TODAY).stdout
    match = re.match(r"care calendar 2026-09-30: (\d+) tasks produced, (\d+) already produced, (\d+) skipped", first)
    assert match, first
    produced, already, skipped = map(int, match.groups())
    # The sample book records no consents, so tasks may all be withheld; what a second run of the
    # same day must show holds either way: nothing new, everything found already produced.
    again = run("--uri", book, "care", "run", "--day", TODAY).stdout
    assert again.startswith(f"care calendar 2026-09-30: 0 tasks produced, {produced + already} already produced")
    denied = run("--uri", book, "--role", "analyst", "care", "run", check=False)
    assert denied.returncode == 1 and "permission_denied" in denied.stderr


def resident_id(district, year, month, day, seq, male):
    """A valid GB 11643-1999 resident identity number (17th digit odd = male, MOD 11-2 check)."""
    body = f"{district}{year:04d}{month:02d}{day:02d}{(seq * 2 + (1 if male else 0)) % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def test_import_of_10000_csv_rows_shows_progress_and_reports_bad_rows(tmp_path):
    uri = f"sqlite:{tmp_path / 'import.db'}"
    run("--uri", uri, "init")
    source = tmp_path / "customers.csv"
    bad = {17, 4242, 9998}  # data rows (0-based) with a broken identity number
    with source.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["external_ref", "name", "gender", "id_number", "phone", "region"])
        for i in range(10_000):
            male = i % 2 == 0
            number = resident_id("310101", 1960 + i % 40, 1 + i % 12, 1 + i % 28, i, male)
            if i in bad:
                number = number[:-1] + ("0" if number[-1] != "0" else "1")
            writer.writerow([f"EXT-{i:05d}", f"客户{i}", "male" if male else "female", number,
                             f"138{i:08d}", "310000"])
    errors = tmp_path / "errors.csv"
    result = run("--uri", uri, "import", "customers", str(source), "--errors", str(errors), check=False)
    assert result.returncode == 1  # rows were rejected, and a script must notice
    assert "imported 9997 of 10000 customers" in result.stdout
    steps = re.findall(r"import customers: (\d+)/10000 rows", result.stderr)
    assert len(steps) >= 10 and steps[-1] == "10000"  # one line per batch of 1,000
    assert [int(n) for n in steps] == sorted(int(n) for n in steps)
    for row in sorted(bad):
        assert f"row {row + 1} (line {row + 2}): invalid_argument" in result.stderr
    rejected = list(csv.DictReader(errors.open(encoding="utf-8")))
    assert [int(r["line"]) for r in rejected] == [row + 2 for row in sorted(bad)]
    exported = list(csv.DictReader(io.StringIO(run("--uri", uri, "export", "customers").stdout)))
    assert len(exported) == 9997
