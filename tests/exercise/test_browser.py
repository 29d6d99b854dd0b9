"""The exercise pages in a real browser: headless Chromium from the distribution's packages.

Each page is loaded from a file with a probe script put in front of its own content, which records
uncaught errors and console errors, selects all text and lists every resource the page requested
(the Resource Timing API; the browser's own background traffic is not the page's). Skipped, with
the reason printed, where Chromium is not installed (`.ci/run` installs it where it can).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from pkforce.exercise import browser, build_kit
from pkforce.simulation import simulate
from pkforce.validation import validate_file
from tests.helpers import SCENARIOS

CHROMIUM = browser()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (`apt-get install chromium`): "
                                "the exercise pages are not rendered in a browser")

QUIET = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps", "--hide-scrollbars"]

PROBE = """<script>
window.__pkf = [];
window.addEventListener("error", e => window.__pkf.push("error: " + e.message), true);
const __ce = console.error; console.error = (...a) => { window.__pkf.push("console: " + a.join(" ")); __ce(...a); };
window.addEventListener("load", () => {
  getSelection().selectAllChildren(document.body);
  const out = document.createElement("pre"); out.id = "pkf-probe";
  const loaded = performance.getEntriesByType("resource").map(r => r.name);
  out.textContent = JSON.stringify({errors: window.__pkf, selected: String(getSelection()).length,
                                    text: document.body.innerText.length, requests: loaded});
  document.documentElement.appendChild(out);
});
</script>"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    report = validate_file(SCENARIOS / "exercise-kyrgyzstan.yaml")
    det = simulate(report.scenario, deterministic=True)
    out = tmp_path_factory.mktemp("kit")
    docs = build_kit(report, det, simulate(report.scenario, runs=20), "ru")
    for name, data in docs.items():
        (out / name).write_bytes(data)
    return {name: out / name for name in docs if name.endswith(".html")}


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, *QUIET, f"--user-data-dir={tmp / 'profile'}", *args],
                          capture_output=True, text=True, timeout=90, check=False)


@pytest.mark.parametrize("name", ["facilitator.html", "handout.html"])
def test_page_renders_without_errors_or_network_and_text_is_selectable(pages: dict[str, Path], name: str,
                                                                       tmp_path: Path) -> None:
    page = pages[name]
    probe = tmp_path / name
    probe.write_text(page.read_text(encoding="utf-8").replace("<head>", "<head>\n" + PROBE, 1), encoding="utf-8")
    dom = _chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", probe.as_uri())
    found = re.search(r'<pre id="pkf-probe">(.*?)</pre>', dom.stdout, flags=re.S)
    assert found, dom.stderr[-2000:]
    result = json.loads(found.group(1).replace("&quot;", '"'))
    assert result["errors"] == []
    assert result["text"] > 1000 and result["selected"] >= 0.9 * result["text"]
    assert result["requests"] == []  # everything the page needs is inline: no fonts, scripts or images



def test_screenshot(pages: dict[str, Path], tmp_path: Path) -> None:
    shot = tmp_path / "facilitator.png"
    _chromium(tmp_path, "--window-size=1200,1600", f"--screenshot={shot}", pages["facilitator.html"].as_uri())
    assert shot.is_file() and shot.stat().st_size > 20_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_pdf_is_a4(pages: dict[str, Path], tmp_path: Path) -> None:
    from pkforce.exercise import html_to_pdf

    assert CHROMIUM is not None
    pdf = html_to_pdf(pages["handout.html"].read_bytes(), CHROMIUM)
    assert pdf.startswith(b"%PDF")
    # A4 is 595 x 842 points
    boxes = {tuple(round(float(x)) for x in box.split()) for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)}
    assert boxes == {(0, 0, 595, 842)}
