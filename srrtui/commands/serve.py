"""``srrtui serve [wizard | watch [BUCKET [RULE_ID]]]``: the same app in a web browser, through
textual-serve. Every browser tab runs its own ``srrtui`` process (the installed one, with the
arguments given here); keys typed in the page reach it as a terminal's would, so a secret typed
in the browser is handled exactly as in a terminal. No secret is put on that process's command
line or in the page's address: credentials reach it the way they reach a terminal's srrtui (the
environment, the profile's keyring, or the form).

Listens on 127.0.0.1 unless ``--host`` says otherwise, and then warns: there is no login, so
whoever reaches the address drives the wizard with this user's credentials.
"""

from __future__ import annotations

import argparse
import ipaddress
import shutil
import socket
import sys
from pathlib import Path

from srrtui.argtypes import port
from srrtui.commands.connection import add_app_arguments
from srrtui.domain.words.translate import _

LOOPBACK = "127.0.0.1"
EXIT_USAGE = 2
EXIT_CANNOT_LISTEN = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "app",
        nargs="?",
        choices=("wizard", "watch"),
        metavar="APP",
        default="wizard",
        help=_("wizard (the default) or watch: what each browser tab runs"),
    )
    parser.add_argument(
        "bucket", metavar="BUCKET", nargs="?", default="", help=_("watch: only this bucket's rules")
    )
    parser.add_argument(
        "rule_id", metavar="RULE_ID", nargs="?", default="", help=_("watch: open it")
    )
    parser.add_argument(
        "--host",
        default=LOOPBACK,
        help=_("address to listen on (default: 127.0.0.1, this machine only)"),
    )
    parser.add_argument(
        "--port", type=port, default=0, help=_("port to listen on (default: a free one)")
    )
    add_app_arguments(
        parser, _("serve the demo with its local cloud (nothing leaves this machine)")
    )


def run(args: argparse.Namespace) -> int:
    if problem := arguments_problem(args):
        print(_("srrtui serve: error: {error}").format(error=problem), file=sys.stderr)
        return EXIT_USAGE
    try:
        listener = listening_socket(args.host, args.port)
    except OSError as error:
        reason = error.strerror or str(error)
        cannot = _("cannot listen on {host} port {port}: {reason}").format(
            host=args.host, port=args.port, reason=reason
        )
        print(_("srrtui serve: error: {error}").format(error=cannot), file=sys.stderr)
        return EXIT_CANNOT_LISTEN
    bound_port = listener.getsockname()[1]
    if not is_loopback(args.host):
        print(exposure_warning(args.host, bound_port), file=sys.stderr, flush=True)
    # Flushed: whoever reads this through a pipe needs the address now, not at exit.
    address = served_at(args.host, bound_port)
    # The first words stay English in every language: scripts (and tests/browser) read the URL.
    print(f"srrtui is served at {address}  " + _("(Ctrl+C stops it)"), flush=True)
    from srrtui.commands.serve_http import serve  # textual-serve and aiohttp load only here

    serve(served_command(args), listener, loopback_only=is_loopback(args.host))
    print(_("srrtui serve: stopped"))
    return 0


def arguments_problem(args: argparse.Namespace) -> str:
    """What in ``args`` cannot be served ("" when nothing)."""
    if args.app == "wizard" and args.bucket:
        return _("BUCKET ({bucket}) and RULE_ID go with 'watch': srrtui serve watch BUCKET").format(
            bucket=repr(args.bucket)
        )
    if args.app == "wizard" and getattr(args, "ram_endpoint", None):
        return _("--ram-endpoint goes with 'watch' (the wizard reads it from the profile)")
    return ""


def served_command(args: argparse.Namespace) -> list[str]:
    """The command each browser tab runs: the installed srrtui with the same choices. Built from
    the parsed options (names, region, endpoint, flags), never from raw argv or the environment,
    so nothing else (and no secret) can ride along on its command line."""
    command = installed_srrtui()
    for flag, name in (("--profile", "profile"), ("--region", "region"),
                       ("--endpoint", "endpoint"), ("--poll-interval", "poll_interval"),
                       ("--lang", "lang")):  # fmt: skip
        if value := getattr(args, name, None):
            command += [flag, str(value)]
    if getattr(args, "demo", False):
        command.append("--demo")
    if args.app == "watch":
        command.append("watch")
        if args.ram_endpoint:
            command += ["--ram-endpoint", args.ram_endpoint]
        target = [args.bucket, args.rule_id] if args.rule_id else [args.bucket]
        if args.bucket:
            command += ["--", *target]
    return command


def installed_srrtui() -> list[str]:
    """The ``srrtui`` script pip installed beside this Python (it imports the installed package
    whatever the working directory holds), else this Python running the package."""
    script = shutil.which("srrtui", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "srrtui"]


def listening_socket(host: str, port_number: int) -> socket.socket:
    """A socket listening on ``host``:``port_number`` (0: a free port, chosen here so the URL
    printed is the one served). Raises OSError (unknown host, port in use, not allowed)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    if family == socket.AF_INET and not _is_ip(host):
        family = socket.getaddrinfo(host, port_number, type=socket.SOCK_STREAM)[0][0]
    return socket.create_server((host, port_number), family=family)


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host``: a 127.x or ::1 address, or localhost."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def served_at(host: str, port_number: int) -> str:
    """Where to open the page: the address given, or this machine's for a wildcard one."""
    if host in ("", "0.0.0.0", "::"):
        return f"http://127.0.0.1:{port_number}/ and on every address of this machine"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port_number}/"


def exposure_warning(host: str, port_number: int) -> str:
    user = _user_name()
    return _(
        "WARNING: srrtui listens on {host} port {port}: anyone who can reach it can open "
        "the page and drive the wizard with {user}'s credentials (profiles, keyring, "
        "environment), and create or stop replication rules with them. There is no login.\n"
        "To use it from another computer, keep the default address (127.0.0.1) and forward "
        "the port over SSH instead: here run\n"
        "    {serve}\n"
        "and on the other computer\n"
        "    {ssh}\n"
        "then open {url} there."
    ).format(
        host=host,
        port=port_number,
        user=user,
        serve=f"srrtui serve --port {port_number}",
        ssh=f"ssh -N -L {port_number}:127.0.0.1:{port_number} {user}@{socket.gethostname()}",
        url=f"http://127.0.0.1:{port_number}/",
    )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _user_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (some containers)
        return "this user"
