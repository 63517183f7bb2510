"""How fast the live page plays: weeks per second in Chromium, every chart redrawn every week.

Usage: python benchmarks/live_speed.py [--seconds 10] [--speeds default] [--repeats 1]
                                       [--versus sales_led] [--set KEY=VALUE ...] [--no-browser]

Two figures, for one configuration alone and for two side by side:

* in the browser: the real ``salesculture live`` command serves the page to a headless Chromium
  (Debian's /usr/bin/chromium, a 1920 x 1080 window, every request off this machine refused);
  the benchmark presses play and reads Mesa's ``Time: N`` and the network chart's ``week N`` at
  the start and the end of a window of about ``--seconds`` (ended by week 200 at the latest:
  a fast page would otherwise reach the end of the run); weeks/s = ΔN / Δt. Four times a
  second it also reads, for every chart, the week it shows (the points of its longest line; the
  network's title) and a hash of its SVG: every chart must follow Time once it draws (its
  offset from Time moving by at most a week; retention is drawn from week 53), with a new SVG
  for every week seen. It reports the CPU time the server and the
  browser used in the window, and how many weeks still arrived after pause (how far the browser
  lagged the server). The sidebar's "Speed" (the weeks a second the player aims at; Mesa waits
  1000/Speed ms before each step) is measured at the page's default (its maximum, 50), or at
  the settings of ``--speeds``, set by keyboard.
* on the server alone, without a browser: milliseconds per week of the model's step plus
  drawing every chart and the monitors (``sim.views.live.charts.draw_svg`` for each of
  ``charts.CHARTS``, :mod:`sim.views.live.monitors`, and
  each configuration's ``draw_network_svg``), over weeks 1-100 and 201-260 (the charts grow).

Default model (no ``--set``): the default world, preset baseline, seed 0, five years.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/livepage.py

from salesculture.sim.views.live import sidebar  # noqa: E402
from salesculture.sim.views.live.charts import CHARTS  # noqa: E402
from salesculture.sim.views.live.controls import SPEED  # noqa: E402
from tests import livepage  # noqa: E402

#: The shown ``Time: N`` and, for every chart in page order, its title, the week it shows and a
#: hash of its SVG, read in one go. A line chart shows as many weeks as its longest line has
#: points; the network names its week in its title.
SAMPLE = """() => {
  const hash = s => { let h = 2166136261;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
    return h >>> 0; };
  const time = [...document.querySelectorAll('span')].map(s => s.textContent)
    .find(t => t.startsWith('Time: '));
  const chart = svg => {
    const title = (svg.querySelector('title') || svg.querySelector('text')).textContent;
    const named = title.match(/^Who influences whom.*, week (\\d+)$/);
    const points = [...svg.querySelectorAll('polyline')]
      .map(p => p.getAttribute('points').trim().split(/\\s+/).length);
    return [title, named ? parseInt(named[1]) : Math.max(0, ...points), hash(svg.outerHTML)];
  };
  return [time ? parseFloat(time.slice(6)) : null,
          [...document.querySelectorAll('svg[role=img]')].map(chart)];
}"""


def server_side(versus: str, spans: list[tuple[int, int]]) -> list[dict[str, float]]:
    """Seconds per week of step, line charts and network, for each span of weeks (first, last).

    Weeks outside every span are only stepped.
    """
    from salesculture.sim.views.live import charts, monitors
    from salesculture.sim.views.live.session import LiveSession

    session = LiveSession(versus=versus)
    costs = []
    for first, last in spans:
        while session.week < first - 1 and session.running:
            session.step()
        step = lines = network = 0.0
        weeks = 0
        while session.week < last and session.running:
            start = time.perf_counter()
            session.step()
            stepped = time.perf_counter()
            for title in charts.CHARTS:
                charts.draw_svg(session, title)
            monitors.monitors_html(session)
            monitors.channels_html(session)
            drawn = time.perf_counter()
            for index in range(len(session.models)):
                charts.draw_network_svg(session, index)
            done = time.perf_counter()
            step += stepped - start
            lines += drawn - stepped
            network += done - drawn
            weeks += 1
        weeks = max(weeks, 1)
        costs.append({"step": step / weeks, "charts": lines / weeks, "network": network / weeks})
    return costs


def cpu_seconds(processes) -> float:
    """User plus system CPU seconds of ``processes`` so far (gone ones count as zero)."""
    import psutil

    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def browsers():
    """Chromium's processes started by this benchmark."""
    import psutil

    return [p for p in psutil.Process().children(recursive=True) if "chrom" in p.name().lower()]


#: The browser window: a projector's 1920 x 1080 (charts below the fold are drawn but not
#: painted, as in the room).
WINDOW = (1920, 1080)
#: The sidebar's "Speed" control (weeks a second the player aims at; sim/views/live/controls.py).
SPEED_MIN, SPEED_MAX = SPEED["min"], SPEED["max"]


def speed_shown(page) -> int:
    """The weeks a second the Speed control shows (``up to 50 weeks/s``)."""
    block = page.locator(f".{sidebar.CONTROL}--{sidebar.css_name('speed')}")
    text = block.locator(f".{sidebar.VALUE}").inner_text()
    return int(re.search(r"\d+", text).group())


def set_speed(page, setting: str) -> int:
    """Set the Speed control by keyboard: ``default`` (leave it), ``max``, or weeks a second."""
    if setting == "default":
        return speed_shown(page)
    target = SPEED_MAX if setting == "max" else int(setting) if setting.isdigit() else -1
    if not SPEED_MIN <= target <= SPEED_MAX:
        raise ValueError(f"--speeds: {setting!r} is not default, max or {SPEED_MIN}..{SPEED_MAX}")
    block = page.locator(f".{sidebar.CONTROL}--{sidebar.css_name('speed')}")
    block.locator(".v-slider__thumb-container").focus()
    key = "ArrowRight" if target > speed_shown(page) else "ArrowLeft"
    while speed_shown(page) != target:
        page.keyboard.press(key)
        time.sleep(0.05)
    return target


#: The week at which a play window ends at the latest (a default run has 260 weeks).
LAST_WEEK = 200


def play_window(page, server_pid: int, seconds: float, period: float = 0.25) -> dict:
    """Play for about ``seconds`` (after a short start), sampling; pause; the figures."""
    import psutil

    server = [psutil.Process(server_pid)]
    livepage.button(page, "▶").click()
    livepage.wait_for_time(page, 3, 60_000)
    samples = []
    missed = 0
    cpu0 = (cpu_seconds(server), cpu_seconds(browsers()))
    start = time.monotonic()
    while True:
        now = time.monotonic()
        shown, charts = page.evaluate(SAMPLE)
        if shown is None:  # the Information card is being redrawn: no reading this time
            missed += 1
        else:
            samples.append((now, int(shown), charts))
        # Ends early near the horizon: pause must land before the run ends (Mesa then disables
        # it), and a run that has ended plays no more weeks.
        if now - start >= seconds or (shown is not None and shown >= LAST_WEEK):
            break
        time.sleep(max(0.0, period - (time.monotonic() - now)))
    cpu1 = (cpu_seconds(server), cpu_seconds(browsers()))
    livepage.button(page, "❚❚").click()
    livepage.button(page, "▶").wait_for(timeout=30_000)
    settled = steady(page)
    (t0, time0, first), (t1, time1, last) = samples[0], samples[-1]
    elapsed = t1 - t0
    per_chart = []
    for i, (title, week0, _) in enumerate(first):
        weeks = [charts[i][1] for _, _, charts in samples]
        hashes = {charts[i][2] for _, _, charts in samples}
        # Weeks behind Time, once the chart draws (retention needs a year of data, delivery
        # delay a first delivery): a chart that follows Time keeps its offset.
        offsets = [shown - charts[i][1] for _, shown, charts in samples if charts[i][1] > 0]
        per_chart.append(
            (f"{i + 1}. {title}", week0, last[i][1], offsets, len(set(weeks)), len(hashes))
        )
    network = next(c for c in per_chart if "Who influences" in c[0])
    return {
        "window": elapsed,
        "time": (time0, time1),
        "weeks_per_second": (time1 - time0) / elapsed,
        "network": network,
        "network_weeks_per_second": (network[2] - network[1]) / elapsed,
        "samples": len(samples),
        "missed": missed,
        "charts": per_chart,
        "server_cpu": (cpu1[0] - cpu0[0]) / elapsed,
        "browser_cpu": (cpu1[1] - cpu0[1]) / elapsed,
        "backlog": settled - time1,
    }


def steady(page, hold: float = 1.0) -> int:
    """``Time: N`` once it has stopped moving for ``hold`` seconds."""
    value, since = livepage.time_shown(page), time.monotonic()
    while time.monotonic() - since < hold:
        time.sleep(0.1)
        now = livepage.time_shown(page)
        if now != value:
            value, since = now, time.monotonic()
    return value


def browser_side(args, modes: list[tuple[str, str]]) -> list[tuple[str, str, int, dict]]:
    """Measure each (versus, speed setting) in one page; a row per mode."""
    from playwright.sync_api import sync_playwright

    rows = []
    server = livepage.Server(args.set, timeout=120)
    try:
        with sync_playwright() as playwright:
            browser = livepage.launch(playwright)
            page = None
            try:
                page, refused = livepage.offline_page(browser, *WINDOW)
                page.set_default_timeout(60_000)
                page.on("crash", lambda _: print("  the page crashed", flush=True))
                page.on("console", lambda m: m.type == "error" and print(f"  console: {m.text}"))
                livepage.open_live(page, server.url, len(CHARTS) + 1, 120_000)
                for versus, setting in modes:
                    livepage.pick(page, "side by side with", versus)
                    livepage.button(page, "Reset").click()
                    livepage.wait_for_status(page, r"Week 0 of", 120_000)
                    two = versus != "none"  # side by side: two panels a chart, two networks
                    charts = (2 if two else 1) * (len(CHARTS) + 1)
                    livepage.wait_for_charts(page, charts, 120_000)
                    interval = set_speed(page, setting)
                    result = play_window(page, server.process.pid, args.seconds)
                    rows.append((versus, setting, interval, result))
                    print_browser_row(versus, setting, interval, result)
                if refused:
                    print(f"  (refused requests off this machine: {refused})")
            except Exception:
                tail = "\n    ".join(server.lines[-20:])
                print(f"  failed; the server's last lines:\n    {tail}", flush=True)
                if page is not None:
                    shot = Path("outputs") / "live_speed-failure.png"
                    shot.parent.mkdir(exist_ok=True)
                    page.screenshot(path=str(shot))
                    print(f"  (screenshot: {shot})")
                raise
            finally:
                browser.close()
    finally:
        code, seconds = server.stop(30)
        print(f"  server stopped by SIGINT in {seconds:.1f} s (exit code {code})")
    return rows


def print_browser_row(versus: str, setting: str, interval: int, r: dict) -> None:
    mode = "alone" if versus == "none" else f"side by side with {versus}"
    per = r["weeks_per_second"] / 1e3  # weeks per millisecond
    # A chart follows Time if it drew, its offset from Time moved by at most a week (the page
    # shows Time and the charts in separate updates), and it drew a new SVG every week seen.
    stuck = [c[0] for c in r["charts"] if not c[3] or max(c[3]) - min(c[3]) > 1 or c[5] < c[4]]
    late = [f"{c[0]} ({min(c[3])} weeks)" for c in r["charts"] if c[3] and min(c[3]) > 1]
    lag = max(max(c[3]) - min(c[3]) for c in r["charts"] if c[3]) if r["charts"] else 0
    every = (
        f"all {len(r['charts'])} charts followed Time, a new SVG for every week seen"
        if not stuck
        else f"charts that did not follow Time: {', '.join(stuck)}"
    )
    every += f"; at most {lag} week(s) behind in {r['samples']} samples"
    if late:
        every += f"; drawn from a later week: {', '.join(late)}"
    if r["missed"]:
        every += f" ({r['missed']} more found no Time)"
    print(
        f"  {mode:<26} speed up to {interval:>2} weeks/s ({setting}): "
        f"{r['weeks_per_second']:5.1f} weeks/s by Time "
        f"({r['time'][0]}->{r['time'][1]} in {r['window']:.1f} s), "
        f"{r['network_weeks_per_second']:5.1f} by the network's week "
        f"({r['network'][1]}->{r['network'][2]})\n"
        f"  {'':<26} {every};\n"
        f"  {'':<26} CPU: server {r['server_cpu']:.0%}, browser {r['browser_cpu']:.0%} of a "
        f"core, i.e. {r['server_cpu'] / per:.0f} + {r['browser_cpu'] / per:.0f} ms per week; "
        f"weeks still arriving after pause: {r['backlog']}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="play window (default 10)")
    parser.add_argument(
        "--speeds",
        default="default",
        help="Speed settings, comma-separated: default, max, or weeks a second (1..50)",
    )
    parser.add_argument(
        "--repeats", type=int, default=1, help="rounds over every mode, interleaved (default 1)"
    )
    parser.add_argument("--versus", default="sales_led", help="the side-by-side preset")
    parser.add_argument(
        "--weeks", type=int, default=100, help="server alone: weeks 1..WEEKS (default 100)"
    )
    parser.add_argument(
        "--late", type=int, default=201, help="server alone: and weeks LATE..260 (default 201)"
    )
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--no-browser", action="store_true", help="only the server-side figure")
    args = parser.parse_args()

    command = shlex.join([Path(sys.executable).name, *sys.argv])
    print(f"command: {command}")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; python "
        f"{platform.python_version()}; world: {' '.join(args.set) or 'default'}"
    )
    if args.set:
        from salesculture.sim.views.live import session

        session.WORLD[:] = args.set

    spans = [(1, args.weeks), (args.late, 260)]
    print("server alone (no browser), milliseconds per week:")
    for versus in ("none", args.versus):
        mode = "alone" if versus == "none" else f"side by side with {versus}"
        for (first, last), cost in zip(spans, server_side(versus, spans), strict=True):
            total = sum(cost.values())
            print(
                f"  {mode:<26} weeks {first:>3}-{last}: {total * 1e3:5.1f} ms = step "
                f"{cost['step'] * 1e3:.1f} + {len(CHARTS)} charts {cost['charts'] * 1e3:.1f} "
                "+ network "
                f"{cost['network'] * 1e3:.1f} (at most {1 / total:.0f} weeks/s before any page "
                "work)",
                flush=True,
            )

    if args.no_browser:
        return
    reason = livepage.missing()
    if reason:
        sys.exit(f"live_speed: cannot drive the page: {reason}")
    settings = [s.strip() for s in args.speeds.split(",") if s.strip()]
    modes = [(versus, s) for versus in ("none", args.versus) for s in settings]
    print(
        f"in Chromium, about {args.seconds:.0f} s of play each ({args.repeats} rounds), every "
        "chart drawn every week:"
    )
    rows = browser_side(args, modes * args.repeats)
    if args.repeats > 1:
        print("median weeks/s by Time over the rounds:")
        for versus, setting in modes:
            found = [r for v, s, _, r in rows if (v, s) == (versus, setting)]
            interval = next(i for v, s, i, _ in rows if (v, s) == (versus, setting))
            rates = sorted(r["weeks_per_second"] for r in found)
            mode = "alone" if versus == "none" else f"side by side with {versus}"
            print(
                f"  {mode:<26} speed up to {interval:>2} weeks/s ({setting}): "
                f"{statistics.median(rates):5.1f}  (rounds: {', '.join(f'{x:.1f}' for x in rates)})"
            )
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
