"""End to end in a real browser: `minutes serve` on an archive of the authored protocols, Debian's
chromium driven by Playwright: search for a word, open the meeting, save a screenshot."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from minutes import Archive

from fixture_builders import DANISH_MINUTES, GERMAN_MINUTES

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
# Without these, chromium keeps calling home on this closed network and stalls.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: `make system-deps` installs it")
        pytest.skip("chromium is not installed (make system-deps installs it)")
    Archive(tmp_path / "archive.db").ingest(GERMAN_MINUTES, DANISH_MINUTES)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "minutes", "serve", "--db", str(tmp_path / "archive.db"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            assert time.monotonic() < deadline and server.poll() is None, "minutes serve did not start"
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=30)


def test_search_then_open_the_meeting(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{served}/minutes/agenda_items")
        page.fill("input[name=_search]", "bebauungsplaene")
        page.press("input[name=_search]", "Enter")
        page.wait_for_url("**_search=bebauungsplaene**")
        assert "Bebauungsplan „Am Mühlbach“" in page.inner_text("table.rows-and-columns")
        page.click("table.rows-and-columns td.col-meeting_id a")
        page.wait_for_url("**/minutes/meetings/*")
        assert page.inner_text("h1") == "Niederschrift über die 12. Sitzung des Bau- und Umweltausschusses"
        assert "Decision: approved" in page.inner_text("section.minutes-agenda")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "meeting-page.png", full_page=True)
        browser.close()
    assert (SCREENSHOTS / "meeting-page.png").stat().st_size > 10_000
