"""``report --format pdf``: the HTML report printed to PDF by headless Chromium (or Google Chrome).

svcchain does not bundle a browser: it uses the one installed (``SVCCHAIN_CHROMIUM``
names one; else the first of ``BROWSERS`` on the PATH).  The page is the
report's own HTML, which runs no script and loads nothing (its
Content-Security-Policy forbids it); the browser is started with a fresh
profile in a temporary folder, without background networking and with no
host name resolving (so not even the browser's own update or sign-in checks
reach the network), and the PDF is written to ``-o FILE`` atomically.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from svcchain.cli.output import write_file
from svcchain.cli.root import fail

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
NO_BROWSER = (
    "--format pdf needs Chromium or Google Chrome: install it (e.g. apt install chromium) or write "
    "--format html and print it from a browser"
)
#: How long the browser may take to print one report.
TIMEOUT = 300


def find_browser() -> str | None:
    """The browser to print with: ``SVCCHAIN_CHROMIUM`` when set (and there), else the first found."""
    configured = os.environ.get("SVCCHAIN_CHROMIUM", "").strip()
    if configured:
        return shutil.which(configured) or (configured if os.path.isfile(configured) else None)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_or_exit() -> str:
    browser = find_browser()
    if browser is None:
        raise fail(NO_BROWSER)
    return browser


def command(browser: str, page: Path, target: Path, profile: Path) -> list[str]:
    """The browser's command line: print ``page`` to ``target``, nothing else."""
    return [
        browser,
        "--headless",
        "--no-sandbox",  # the page is svcchain's own and runs no script; sandboxes fail in many containers
        "--disable-gpu",
        "--no-pdf-header-footer",
        f"--print-to-pdf={target}",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # no name resolves: nothing of the report can leave the machine
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={profile}",
        page.as_uri(),
    ]


def write_pdf(html: str, output: str, browser: str) -> None:
    """Print ``html`` to ``output`` (atomically); exit 2 with one line when the browser cannot."""
    with tempfile.TemporaryDirectory(prefix="svcchain-pdf-") as temp:
        folder = Path(temp)
        page, target = folder / "report.html", folder / "report.pdf"
        page.write_text(html, encoding="utf-8")
        try:
            done = subprocess.run(
                command(browser, page, target, folder / "profile"),
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise fail(f"{browser} did not print the report within {TIMEOUT} seconds") from None
        except OSError as exc:
            raise fail(f"cannot start {browser}: {exc.strerror or exc}") from None
        data = target.read_bytes() if target.is_file() else b""
        if done.returncode != 0 or not data.startswith(b"%PDF"):
            said = [line for line in done.stderr.splitlines() if line.strip() and "dbus" not in line.lower()]
            reason = said[-1].strip() if said else f"exit status {done.returncode}"
            raise fail(f"{browser} could not print the report to PDF: {reason[:300]}")
    write_file(output, data)
