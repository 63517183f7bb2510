"""Drive the live page (``salesculture live``) in a headless Chromium, with no internet.

Shared by the browser test (tests/test_live_browser.py) and the speed benchmark
(benchmarks/live_speed.py): start the real console command on a free loopback port, open the
page in Debian's Chromium with every non-loopback request refused, and read or operate what a
facilitator sees (Vuetify selects, Mesa's buttons, the status line, the charts' SVG).
"""

from __future__ import annotations

import importlib.util
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

#: Debian's Chromium (``apt-get install chromium``); Playwright's own browsers are not used.
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: The console script next to this interpreter (the real command, as a user starts it).
CLI = Path(sys.executable).parent / "salesculture"
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
#: The line the server prints once it is about to listen.
ADDRESS = re.compile(r"salesculture live: (http://\S+)")


def missing() -> str | None:
    """Why the page cannot be driven here (no Chromium, Playwright or live extra), or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    if importlib.util.find_spec("solara") is None:
        return "solara is not installed; it comes with the 'live' extra (pip install -e '.[live]')"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not CLI.exists():
        return f"console script not installed at {CLI}"
    return None


def free_port() -> int:
    """A port free on the loopback interface right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``salesculture live --port FREE --set ...`` as a subprocess; its output is kept.

    Args:
        world: ``--set`` overrides (e.g. a small market).
        timeout: Seconds to wait for the page to answer.
        options: Further options of ``salesculture live`` (e.g. ``--session FILE``).
    """

    def __init__(
        self, world: Sequence[str] = (), timeout: float = 60.0, options: Sequence[str] = ()
    ) -> None:
        self.port = free_port()
        self.command = [str(CLI), "live", "--port", str(self.port), *options]
        for item in world:
            self.command += ["--set", item]
        self.lines: list[str] = []
        self._new: queue.Queue[str | None] = queue.Queue()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            self.command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self._wait_for_address(timeout)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            self._new.put(line)
        self._new.put(None)

    @property
    def output(self) -> str:
        """Everything the server printed so far."""
        return "\n".join(self.lines)

    def _wait_for_address(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        address = None
        while address is None:
            try:
                line = self._new.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                self.stop()
                raise TimeoutError(
                    f"no address printed in {timeout:.0f} s:\n{self.output}"
                ) from None
            if line is None:
                raise RuntimeError(f"the server exited ({self.process.wait()}):\n{self.output}")
            found = ADDRESS.search(line)
            address = found.group(1) if found else None
        while True:  # the address is printed just before uvicorn listens
            try:
                with urllib.request.urlopen(address, timeout=5) as answer:
                    if answer.status == 200:
                        return address
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the server exited:\n{self.output}") from None
                if time.monotonic() > deadline:
                    self.stop()
                    raise TimeoutError(f"{address} did not answer:\n{self.output}") from None
                time.sleep(0.1)

    def stop(self, timeout: float = 10.0) -> tuple[int, float]:
        """Ctrl-C (SIGINT), as a facilitator stops it; (exit code, seconds it took to exit).

        Raises:
            TimeoutError: it did not exit within ``timeout`` (it is then killed).
        """
        if self.process.poll() is not None:
            return self.process.returncode, 0.0
        start = time.monotonic()
        self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise TimeoutError(
                f"still running {timeout:.0f} s after SIGINT:\n{self.output}"
            ) from None
        return code, time.monotonic() - start


def launch(playwright):
    """Debian's Chromium, headless."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
    )


def offline_page(browser, width: int = 1400, height: int = 1000):
    """A new page that refuses every request not to this machine; (page, refused addresses)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    refused: list[str] = []

    def route(request_route) -> None:
        address = request_route.request.url
        if urlparse(address).hostname in LOOPBACK or address.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            refused.append(address)
            request_route.abort()

    page.route("**/*", route)
    return page, refused


def _exactly(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def open_live(page, url: str, charts: int, timeout: float = 60_000) -> None:
    """Load the page and wait until Solara has drawn the controls and ``charts`` SVG charts."""
    page.goto(url, timeout=timeout)
    page.get_by_text(re.compile(r"^Time: ")).wait_for(timeout=timeout)
    wait_for_charts(page, charts, timeout)


def wait_for_charts(page, count: int, timeout: float = 30_000) -> None:
    """Wait until the page shows ``count`` chart SVGs."""
    page.wait_for_function(
        "n => document.querySelectorAll('svg[role=img]').length === n", arg=count, timeout=timeout
    )


def pick(page, label: str, option: str, timeout: float = 15_000) -> None:
    """Choose ``option`` in the Vuetify select labelled ``label`` (click it, click the item)."""
    select = page.locator(".v-select").filter(
        has=page.locator("label.v-label", has_text=_exactly(label))
    )
    select.locator(".v-input__slot").click(timeout=timeout)
    menu = page.locator(".v-menu__content.menuable__content__active")
    menu.locator(".v-list-item").filter(has_text=_exactly(option)).click(timeout=timeout)
    selection = select.locator(".v-select__selection")
    selection.filter(has_text=_exactly(option)).wait_for(timeout=timeout)
    menu.wait_for(state="detached", timeout=timeout)


def button(page, name: str):
    """The button whose text is ``name`` (e.g. ``Reset``, ``▶``, ``❚❚``, ``Step``)."""
    return page.get_by_role("button", name=name, exact=True)


#: The status's element: ``Week N of M, seed S`` and each configuration's regime.
STATUS = ".live-status"


def status(page) -> str:
    """The status text: ``Week N of M, seed S`` and each configuration's regime."""
    return page.locator(STATUS).inner_text()


def wait_for_status(page, pattern: str, timeout: float = 30_000) -> str:
    """Wait until the status matches the regular expression ``pattern``; its text."""
    page.locator(STATUS).filter(has_text=re.compile(pattern)).wait_for(timeout=timeout)
    return status(page)


def time_shown(page) -> int:
    """The ``Time: N`` of Mesa's Information card."""
    text = page.get_by_text(re.compile(r"^Time: ")).inner_text()
    return int(float(text.split(":", 1)[1]))


def chart_svgs(page) -> list[str]:
    """Every chart's SVG text (the network last), in page order."""
    return page.eval_on_selector_all("svg[role=img]", "found => found.map(s => s.outerHTML)")


#: JavaScript: (``Time: N``, network week, every chart SVG) read in one go, so they agree.
SNAPSHOT = """() => {
  const time = [...document.querySelectorAll('span')].map(s => s.textContent)
    .find(t => t.startsWith('Time: '));
  const svgs = [...document.querySelectorAll('svg[role=img]')].map(s => s.outerHTML);
  const title = [...document.querySelectorAll('svg[role=img] text')].map(t => t.textContent)
    .find(t => t.startsWith('Who influences whom'));
  return [time ? parseFloat(time.slice(6)) : null,
          title ? parseInt(title.split(' ').pop()) : null, svgs];
}"""


def snapshot(page) -> tuple[int | None, int | None, list[str]]:
    """(``Time: N``, the network's week, every chart's SVG), read together in the browser."""
    time_value, week, svgs = page.evaluate(SNAPSHOT)
    return (None if time_value is None else int(time_value)), week, svgs


def wait_for_network_week(page, at_least: int, timeout: float = 30_000) -> None:
    """Wait until the network's title names week ``at_least`` or later.

    The network is the page's last chart: the browser applies a week's updates in page order
    (the status first), so once it shows the week, every chart above it does too.
    """
    page.wait_for_function(
        """n => [...document.querySelectorAll('svg[role=img] text')].map(t => t.textContent)
             .some(t => { const m = t.match(/^Who influences whom.*, week (\\d+)$/);
                          return m && parseInt(m[1]) >= n; })""",
        arg=at_least,
        timeout=timeout,
    )


def wait_for_time(page, at_least: int, timeout: float = 30_000) -> int:
    """Wait until ``Time: N`` reaches ``at_least``; N."""
    page.wait_for_function(
        """n => [...document.querySelectorAll('span')].map(s => s.textContent)
             .some(t => t.startsWith('Time: ') && parseFloat(t.slice(6)) >= n)""",
        arg=at_least,
        timeout=timeout,
    )
    return time_shown(page)
