"""The briefing report: content, self-containment, the CLI, and a real browser's view of it."""

from __future__ import annotations

import re
import struct

import pytest

import pkforce
from pkforce.analysis.cost import cost_estimate, reimbursement_rate
from pkforce.report import build_report, find_browser, print_pdf
from pkforce.scenario.model import Scenario
from tests.analysis.browser import visit
from tests.analysis.conftest import VARIANTS
from tests.test_cli import run

CHARTS = ("org", "composition", "buildup", "timeline", "tornado")  # tornado: the file has variants


@pytest.fixture(scope="module")
def html(base: Scenario) -> str:
    return build_report(base, runs=300, seed=3)


def test_the_report_has_every_part_and_chart(html: str) -> None:
    for part in (
        "1. Situation",
        "2. The force",
        "3. Key dates",
        "4. What delays FOC",
        "5. What if",
        "6. Cost",
        "7. Assumptions and sources",
    ):
        assert part in html
    for chart in CHARTS:
        assert re.search(rf'<figure class="chart" id="chart-{chart}" data-chart="{chart}">\s*<svg ', html), chart
    assert "Critical chain" in html and "readiness" in html
    assert "UN troop reimbursement estimate" in html and "excludes contingent-owned equipment" in html
    assert "GA resolution" in html or "General Assembly resolution 72/285" in html


def test_the_report_is_self_contained(html: str) -> None:
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r'(src|href)\s*=\s*"(?!#)', html)
    assert not re.search(r"url\((?!#)", html)
    assert "<!DOCTYPE svg" not in html and "<?xml" not in html


def test_cost_is_person_months_times_the_rate(base: Scenario) -> None:
    result = pkforce.simulate(base, runs=200, seed=1)
    est = cost_estimate(result)
    rate = reimbursement_rate(base.start_instant.date())
    assert rate is not None and rate.amount == 1428 and est.amount is not None
    assert est.amount[1] == pytest.approx(est.person_months[1] * 1428)
    # nobody is in theatre before the first arrival, everyone at most for the whole horizon
    total = float(result.unit_personnel.sum())
    assert 0 < est.person_months[1] < total * result.horizon / 30
    early = Scenario.model_validate({**base.model_dump(mode="json", exclude_unset=True), "start": "2016-02-20"})
    est = cost_estimate(pkforce.simulate(early, runs=50, validate=False))
    assert est.amount is None and "no UN reimbursement rate is known for 2016-02-20" in est.notes[0]


def test_report_command_writes_the_same_report_for_the_same_seed(tmp_path, html: str) -> None:
    out = tmp_path / "brief.html"
    proc = run("report", str(VARIANTS), "-o", str(out), "--runs", "300", "--seed", "3")
    assert proc.returncode == 0, proc.stderr
    # same input and seed: byte for byte the API's report with the same findings
    findings = pkforce.validate(VARIANTS).diagnostics
    assert out.read_text(encoding="utf-8") == build_report(pkforce.load(VARIANTS), runs=300, seed=3, findings=findings)
    proc = run("report", str(VARIANTS), "-o", str(tmp_path / "x.html"), "--lang", "de")
    assert proc.returncode == 2 and "--lang" in proc.stderr
    assert not (tmp_path / "x.html").exists()


def test_pdf_without_a_browser_says_what_to_do(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    proc = run("report", str(VARIANTS), "-o", str(tmp_path / "b.html"), "--pdf", str(tmp_path / "b.pdf"))
    assert proc.returncode == 2 and "apt-get install chromium" in proc.stderr
    assert not (tmp_path / "b.html").exists()


needs_browser = pytest.mark.skipif(
    find_browser() is None,
    reason="Chromium is not installed: the browser tests "
    "of the report are skipped (`.ci/run` installs it with apt where it can)",
)


def _png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@needs_browser
def test_in_a_real_browser_no_console_errors_no_requests_every_chart(html: str, tmp_path) -> None:
    page = tmp_path / "brief.html"
    page.write_text(html, encoding="utf-8")
    seen = visit(page, tmp_path)
    assert seen.console == [] and seen.requests == []
    for chart in CHARTS:
        assert re.search(rf'data-chart="{chart}">\s*<svg', seen.dom), chart
    assert _png_size(seen.screenshot) == (1100, 2400)


@needs_browser
def test_the_browser_check_does_catch_a_leaky_page(tmp_path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        '<html><body><img src="http://example.invalid/x.png"><script>console.error("boom")</script>', encoding="utf-8"
    )
    seen = visit(page, tmp_path, height=200)
    assert seen.requests == ["http://example.invalid/x.png"] and "boom" in seen.console[0]


@needs_browser
def test_pdf_through_chromium(tmp_path, html: str) -> None:
    pdf = tmp_path / "brief.pdf"
    print_pdf(html, pdf)
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-" and data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 6  # A4 pages


def test_report_of_a_scenario_with_errors_writes_nothing(tmp_path) -> None:
    broken = tmp_path / "b.yaml"
    broken.write_text(VARIANTS.read_text().replace("nation: BLR\n", "nation: BLR\n    parent: nowhere\n", 1))
    proc = run("report", str(broken), "-o", str(tmp_path / "b.html"))
    assert proc.returncode == 1 and "PKF002" in proc.stderr and not (tmp_path / "b.html").exists()
