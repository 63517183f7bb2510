"""Serve the live page (``salesculture live``) on this machine, with no internet needed.

The page is a Solara app served by uvicorn. Solara's front-end comes from the installed
``solara-assets`` package through Solara's local asset route, so the page renders in a room
with no network; usage reporting is switched off. The server listens on 127.0.0.1 unless told
otherwise.
"""

from __future__ import annotations

import os
import socket
import warnings

#: The page's Solara app.
APP = "salesculture.sim.views.live.app:Page"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: Seconds a session outlives its closed browser tab.
CULL_SECONDS = 60
#: Set to "1": reacton's renderer that re-walks only the components whose state changed
#: (reacton 1.11, opt-in, tested by reacton against the default renderer). The default one
#: re-walks and re-sets every widget of the page, sidebar included, for each component that
#: follows Mesa's step counter: about 17 of the 50 ms a week costs in-process.
RENDERER = "REACTON_FAST"


class ServerError(OSError):
    """The page cannot be served (one line)."""


def check_installed() -> None:
    """Refuse to serve without the ``live`` extra (Solara, its server, Mesa's SolaraViz).

    Raises:
        ServerError: naming the missing module and how to install the extra.
    """
    try:
        import mesa.visualization  # noqa: F401  (Solara, ipyvuetify, altair)
        import solara  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as error:
        missing = error.name or str(error)
        raise ServerError(
            f"the live page needs the 'live' extra ({missing} is not installed); "
            "install it with: make live, or pip install -e '.[live]'"
        ) from None


def check_address(host: str, port: int) -> None:
    """Refuse an address the server could not listen on, before anything starts.

    Raises:
        ServerError: naming the address and why.
    """
    if not 1 <= port <= 65535:
        raise ServerError(f"--port={port}: must be in 1..65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise ServerError(f"--host={host}: unknown host ({error.strerror})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise ServerError(
                f"{host}:{port}: cannot listen there ({error.strerror}); "
                "choose another --port or --host"
            ) from None


#: The start of the warning Solara prints for every new browser session served over plain
#: http on 127.0.0.1 (its session cookie falls back to samesite=lax, which is all a page on
#: this machine needs); ten lines each time drowned the one line the facilitator needs.
COOKIE_WARNING = "Cookies with samesite=none require https"


def quiet_cookie_warning() -> None:
    """Silence Solara's samesite cookie warning (:data:`COOKIE_WARNING`), and only it."""
    warnings.filterwarnings("ignore", message=COOKIE_WARNING, category=UserWarning)


def url(host: str, port: int) -> str:
    """The page's address as a browser takes it."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://{shown}:{port}/"


def company_of(name: str | None):
    """The page's company (:class:`sim.views.live.session.Company`) from its fit; None for none.

    Raises:
        ConfigError: one line if the company was not fitted.
    """
    if name is None:
        return None
    from salesculture.sim.config.posterior import load_posterior
    from salesculture.sim.runs.companyworld import centre
    from salesculture.sim.views.live.session import Company

    posterior = load_posterior(name)
    return Company(posterior.company, tuple(centre(posterior)))


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    open_browser: bool = False,
    world: list[str] | None = None,
    scripts: list[str] | None = None,
    company: str | None = None,
) -> None:
    """Serve the page until interrupted (Ctrl-C).

    Args:
        host: Address to listen on.
        port: Port to listen on.
        open_browser: Open the page in the default browser.
        world: Overrides under every configuration of the page (checked here, before serving).
        scripts: Guided sessions (YAML files) the page offers, the first opened (checked here).
        company: A fitted company (a name, or a fit directory) whose world, at its posterior
            mean, every configuration of the page runs in (checked here, before serving).

    Raises:
        ServerError: one line, for what stops the page from being served.
        ConfigError: one line, for a company not fitted or a bad override.
    """
    from salesculture.sim.config.compose import compose_config
    from salesculture.sim.views.live import session

    session.COMPANY = company_of(company)  # ConfigError (one line) first, if it was not fitted
    os.environ["SOLARA_APP"] = APP
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    # A closed tab's session (and a model it left playing) ends a minute after it went away;
    # a reload within the minute finds it again.
    os.environ.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", f"{CULL_SECONDS}s")
    os.environ[RENDERER] = "1"
    # No "This website runs on Solara" badge over the charts' bottom-right corner.
    os.environ.setdefault("SOLARA_THEME_SHOW_BANNER", "False")
    quiet_cookie_warning()
    check_installed()  # after the settings above: Solara reads them when it is imported
    check_address(host, port)
    session.WORLD[:] = list(world or [])
    compose_config([*session.company_ground(session.START_PRESET), *session.WORLD])
    from salesculture.sim.views.live import guide

    try:
        guide.SCRIPTS[:] = [guide.load(path).path.resolve() for path in scripts or []]
    except guide.ScriptError as error:
        raise ServerError(str(error)) from None
    import uvicorn

    address = url(host, port)
    if session.COMPANY is not None:
        print(f"salesculture live: {session.company_note()}", flush=True)
    print(f"salesculture live: {address}  (Ctrl-C stops it)", flush=True)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.5, webbrowser.open, args=(address,)).start()
    uvicorn.run("solara.server.starlette:app", host=host, port=port, log_level="warning")
