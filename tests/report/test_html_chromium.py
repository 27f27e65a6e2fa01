"""The HTML report as a browser shows it: headless Chromium renders it, keeps a screenshot in
tests/artifacts/, and the summary figures must be in the rendered DOM.

Needs Debian's `chromium` (installed by `make system-deps`); skips with the reason where it is absent.
"""
from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pdscan.report import build_report
from pdscan.report.build import with_verdicts

from .render import render
from .stores import FINDINGS, ITEMS, verdict_frame, write_store

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WINDOW = (1280, 2400)


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("chromium is not installed (Debian package `chromium`; `make system-deps` installs it)")
    return exe


def run_chromium(exe: str, profile: Path, *args: str) -> str:
    res = subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The report with verdicts and a comparison, rendered once: (dom, screenshot path)."""
    exe = chromium()
    tmp = tmp_path_factory.mktemp("html")
    report = build_report(write_store(tmp / "after", findings=FINDINGS[:-1]),
                          previous=write_store(tmp / "before", findings=FINDINGS[1:]))
    verdicts = verdict_frame(FINDINGS[:-1])
    report = dataclasses.replace(report, verdicts=verdicts, findings=with_verdicts(report.findings, verdicts),
                                 register="examples/register.yaml")
    html = tmp / "report.html"
    html.write_text(render(report, "html"), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    run_chromium(exe, tmp / "profile-shot", f"--screenshot={shot}", f"--window-size={WINDOW[0]},{WINDOW[1]}",
                 html.as_uri())
    dom = run_chromium(exe, tmp / "profile-dom", "--dump-dom", html.as_uri())
    return dom, shot


def test_summary_figures_are_in_the_rendered_page(page):
    dom, _ = page
    kpis = dict(re.findall(r'data-kpi="(\w+)">([^<]*)<', dom))
    unreadable = sum(status != "ok" for _, status, _ in ITEMS)
    assert kpis == {"items": str(len(ITEMS)), "items_with_findings": "4", "findings": str(len(FINDINGS) - 1),
                    "special": "1", "action": "3", "unreadable": str(unreadable), "new": "1", "resolved": "1"}
    assert "Personal data compliance report" in dom
    assert "<script>alert(1)</script>" not in dom  # the snippet stayed text in the browser too


def test_screenshot_shows_the_styled_report(page):
    Image = pytest.importorskip("PIL.Image")
    _, shot = page
    with Image.open(shot) as img:
        assert img.size == WINDOW
        rgb = img.convert("RGB")
        assert rgb.getpixel((10, 10)) == (0x1D, 0x3B, 0x6E)  # the header band: the inlined stylesheet applied
        colours = {c for _, c in rgb.getcolors(maxcolors=1 << 20)}
    assert (0xB4, 0x23, 0x18) in colours  # the special-without-basis bar of the verdict chart
