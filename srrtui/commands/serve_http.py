"""The web side of ``srrtui serve``: textual-serve's Server (one app process per browser tab,
its screen streamed to xterm.js), with these changes:

- it serves on a socket already listening (``srrtui serve`` chose the port and printed it);
- the page's links and websocket use the address the browser asked for, so the same server
  works as 127.0.0.1, as localhost, through ``ssh -L`` and on a LAN address, and it asks
  nothing of other servers (no web font from Google);
- the websocket that drives the app is refused to other web sites (its Origin must be the
  page's own) and, when serving on loopback, to every host name but a loopback one: a page on
  the web must not drive the wizard through the user's browser (cross-site websocket hijacking,
  DNS rebinding), since the app runs with this user's credentials.

Ctrl+C (SIGINT), SIGTERM and SIGHUP close every session's websocket; textual-serve then asks each app
to quit (its ``quit`` message), and each wizard stops its demo cloud as it would in a terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import shlex
import signal
import socket
from asyncio.subprocess import Process
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from srrtui.commands.serve import is_loopback

log = logging.getLogger("srrtui.serve")
# Seconds an app gets to quit (the wizard stops its demo cloud first; slow on a busy machine),
# then to end on SIGTERM, before it is killed. The server waits for that, and a little more.
QUIT_SECONDS = 20.0
TERM_SECONDS = 5.0
SHUTDOWN_SECONDS = QUIT_SECONDS + 2 * TERM_SECONDS + 5.0
TITLE = "srrtui"
# textual-serve's page loads a font from Google: every visit would tell Google, and wait on
# the internet. Without it the terminal uses the browser's monospace font; nothing but this
# server is asked for anything (the demo promises that nothing leaves the machine).
WEB_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>\s*")


class AppProcess(AppService):
    """textual-serve's AppService, running ``argv`` without a shell and in a session of its
    own: a Ctrl+C in the terminal reaches only the server, which asks each app to quit (an app
    interrupted while quitting would leave its demo cloud's folder behind)."""

    def __init__(self, argv: list[str], **options: Any) -> None:
        super().__init__(shlex.join(argv), **options)
        self.argv = argv

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        pipe = asyncio.subprocess.PIPE
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=pipe,
            stdout=pipe,
            stderr=pipe,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
        )
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the app to quit and wait until its process has ended: SIGTERM when it does not
        quit in time (the wizard cleans up on it too), then SIGKILL. Never leaves it behind."""
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(super().stop(), QUIT_SECONDS)  # until its output ends
        process = self._process
        if process is None or await _ended(process, TERM_SECONDS):
            return
        log.warning("an app did not quit in time: ending it")
        self.terminate()
        if not await _ended(process, TERM_SECONDS):
            log.warning("an app did not end on SIGTERM: killing it")
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()

    def terminate(self) -> None:
        """SIGTERM now (a second Ctrl+C: the user will not wait)."""
        if self._process is not None and self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._process.terminate()


async def _ended(process: Process, seconds: float) -> bool:
    """Whether ``process`` ends within ``seconds``."""
    try:
        await asyncio.wait_for(process.wait(), seconds)
    except asyncio.TimeoutError:
        return False
    return True


class SrrServer(Server):
    def __init__(self, command: list[str], *, loopback_only: bool) -> None:
        super().__init__(shlex.join(command), title=TITLE)
        self.argv = command
        self.loopback_only = loopback_only
        self.sessions: set[web.WebSocketResponse] = set()
        self.apps: set[AppProcess] = set()
        self.stopping = False

    def request_exit(self) -> None:
        """Ctrl+C: stop, letting every app quit. Again: end the apps now (SIGTERM)."""
        if self.stopping:
            for app in list(self.apps):
                app.terminate()
            return
        self.stopping = True
        super().request_exit()  # raises GracefulExit: aiohttp's shutdown runs on_shutdown

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: ``srrtui serve`` has printed the address already."""

    async def on_shutdown(self, app: web.Application) -> None:
        # aiohttp would wait for open websockets until its shutdown timeout: close them now.
        for session in list(self.sessions):
            await session.close(code=WSCloseCode.GOING_AWAY, message=b"srrtui serve stopped")

    def refusal(self, request: web.Request, *, websocket: bool) -> str:
        """Why ``request`` is not served ("" when it is)."""
        host = request.url.host or ""
        if self.loopback_only and not is_loopback(host):
            return f"srrtui serves this page to 127.0.0.1 and localhost only, not to {host!r}"
        if websocket and urlsplit(request.headers.get("Origin", "")).netloc != request.host:
            return "this websocket is for srrtui's own page only"
        return ""

    async def handle_index(self, request: web.Request) -> web.Response:
        if reason := self.refusal(request, websocket=False):
            raise web.HTTPForbidden(text=reason)
        base = f"http://{request.host}"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"ws://{request.host}/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": TITLE},
        }
        page = aiohttp_jinja2.render_template("app_index.html", request, context)
        page.text = WEB_FONT.sub("", page.text or "")
        return page

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if reason := self.refusal(request, websocket=True):
            log.warning("refused a session: %s", reason)
            raise web.HTTPForbidden(text=reason)
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)
        service = AppProcess(
            self.argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self.sessions.add(websocket)
        self.apps.add(service)
        try:
            await service.start(width, height)
            try:
                await self._process_messages(websocket, service)
            finally:
                await service.stop()  # asks the app to quit and waits for it
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:
            log.exception("a session failed")
        finally:
            self.sessions.discard(websocket)
            self.apps.discard(service)
        return websocket


def serve(command: list[str], listener: socket.socket, *, loopback_only: bool) -> None:
    """Serve ``command`` on ``listener`` until Ctrl+C or SIGTERM."""
    server = SrrServer(command, loopback_only=loopback_only)
    server.initialize_logging()
    loop = asyncio.new_event_loop()
    # SIGHUP too: the terminal closed. The apps, in sessions of their own, do not see it.
    names = ("SIGINT", "SIGTERM", "SIGHUP")
    for signum in (getattr(signal, name) for name in names if hasattr(signal, name)):
        # Windows has no loop signal handlers: Ctrl+C arrives as KeyboardInterrupt instead.
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, server.request_exit)
    web.run_app(
        server._make_app(),
        sock=listener,
        handle_signals=False,
        loop=loop,
        print=None,
        access_log=None,
        shutdown_timeout=SHUTDOWN_SECONDS,
    )
