"""Open a page in headless Chromium as a reader would: screenshot, DOM, console messages, requests.

Chromium's own background traffic (updates, time, accounts) has no page as its initiator; the page's
requests have the page's origin (``null`` for a file) as their initiator, so only those are counted.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pkforce.report import browser_command, find_browser


@dataclass
class PageVisit:
    dom: str
    console: list[str]
    requests: list[str]
    """URLs the page itself asked for (besides its own file)"""
    screenshot: Path


def visit(page: Path, work: Path, *, width: int = 1100, height: int = 2400) -> PageVisit:
    browser = find_browser()
    assert browser is not None
    netlog = work / "net.json"
    common = ["--disable-features=Translate,OptimizationHints,MediaRouter,SpellCheck", "--hide-scrollbars"]
    proc = subprocess.run(
        browser_command(
            browser,
            *common,
            f"--user-data-dir={work / 'profile-dom'}",
            "--enable-logging=stderr",
            "--v=0",
            f"--log-net-log={netlog}",
            "--dump-dom",
            page.as_uri(),
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    console = [ln for ln in proc.stderr.splitlines() if ":CONSOLE" in ln]
    events = json.loads(netlog.read_text(encoding="utf-8"))["events"]
    requests = sorted(
        {
            e["params"]["url"]
            for e in events
            if "url" in e.get("params", {})
            and e["params"].get("initiator") not in (None, "not an origin")
            and e["params"]["url"] != page.as_uri()
        }
    )
    shot = work / "screenshot.png"
    subprocess.run(
        browser_command(
            browser,
            *common,
            f"--user-data-dir={work / 'profile-shot'}",
            f"--window-size={width},{height}",
            f"--screenshot={shot}",
            page.as_uri(),
        ),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return PageVisit(proc.stdout, console, requests, shot)
