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
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (`apt-get install chromium`): the exercise pages are not rendered in a browser",
)

QUIET = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--hide-scrollbars",
]

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
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Both pages probed, the guide's screenshot and the handout's PDF: Chromium runs side by side
    (each launch mostly waits, so in parallel they take the time of one)."""
    from concurrent.futures import ThreadPoolExecutor

    from pkforce.exercise import html_to_pdf

    report = validate_file(SCENARIOS / "exercise-kyrgyzstan.yaml")
    det = simulate(report.scenario, deterministic=True)
    out = tmp_path_factory.mktemp("kit")
    docs = build_kit(report, det, simulate(report.scenario, runs=20), "ru")
    for name, data in docs.items():
        (out / name).write_bytes(data)
    jobs = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for name in ("facilitator.html", "handout.html"):
            probe = out / f"probe-{name}"
            probe.write_text(docs[name].decode("utf-8").replace("<head>", "<head>\n" + PROBE, 1), encoding="utf-8")
            jobs[name] = pool.submit(
                _chromium, out / f"profile-{name}", "--virtual-time-budget=3000", "--dump-dom", probe.as_uri()
            )
        shot = out / "facilitator.png"
        jobs["screenshot"] = pool.submit(
            _chromium,
            out / "profile-shot",
            "--window-size=1200,1600",
            f"--screenshot={shot}",
            (out / "facilitator.html").as_uri(),
        )
        assert CHROMIUM is not None
        jobs["pdf"] = pool.submit(html_to_pdf, docs["handout.html"], CHROMIUM)
        results = {key: job.result() for key, job in jobs.items()}
    return {**results, "screenshot": shot}


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *QUIET, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=90, check=False
    )


@pytest.mark.parametrize("name", ["facilitator.html", "handout.html"])
def test_page_renders_without_errors_or_network_and_text_is_selectable(rendered: dict[str, object], name: str) -> None:
    dom = rendered[name]
    assert isinstance(dom, subprocess.CompletedProcess)
    found = re.search(r'<pre id="pkf-probe">(.*?)</pre>', dom.stdout, flags=re.S)
    assert found, dom.stderr[-2000:]
    result = json.loads(found.group(1).replace("&quot;", '"'))
    assert result["errors"] == []
    assert result["text"] > 1000 and result["selected"] >= 0.9 * result["text"]
    assert result["requests"] == []  # everything the page needs is inline: no fonts, scripts or images


def test_screenshot(rendered: dict[str, object]) -> None:
    shot = rendered["screenshot"]
    assert isinstance(shot, Path) and shot.is_file() and shot.stat().st_size > 20_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_pdf_is_a4(rendered: dict[str, object]) -> None:
    pdf = rendered["pdf"]
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    # A4 is 595 x 842 points
    boxes = {tuple(round(float(x)) for x in box.split()) for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)}
    assert boxes == {(0, 0, 595, 842)}
