"""`srrtui serve`'s arguments: where it listens, what it warns, what it refuses, and the command
each browser tab runs (the installed srrtui with the same choices, and never a secret). The web
server itself is replaced by a recorder here; tests/browser serves for real."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from srrtui.cli import main
from srrtui.commands import serve, serve_http

SECRET = "serve-Secret-4b1d"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Each call of the web server: the command, the socket's address, loopback_only."""
    calls: list[dict[str, object]] = []

    def record(command: list[str], listener: socket.socket, *, loopback_only: bool) -> None:
        calls.append(
            {"command": command, "address": listener.getsockname(), "loopback": loopback_only}
        )
        listener.close()

    monkeypatch.setattr(serve_http, "serve", record)
    return calls


def srrtui() -> list[str]:
    return serve.installed_srrtui()


def test_defaults_listen_on_loopback_on_a_free_port(
    served: list[dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--demo"]) == 0
    (call,) = served
    host, port = call["address"]  # type: ignore[misc]
    assert host == "127.0.0.1" and port > 0 and call["loopback"] is True
    out, err = capsys.readouterr()
    assert f"srrtui is served at http://127.0.0.1:{port}/" in out
    assert "Ctrl+C" in out and err == ""  # no warning on loopback
    assert call["command"] == [*srrtui(), "--demo"]


def test_the_installed_srrtui_runs_each_tab() -> None:
    command = srrtui()
    assert Path(command[0]).parent == Path(sys.executable).parent
    version = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=30)
    assert version.stdout.startswith("srrtui ")


def test_a_given_port_is_used(served: list[dict[str, object]]) -> None:
    with socket.socket() as probe:  # a port free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert main(["serve", "--port", str(port)]) == 0
    assert served[0]["address"] == ("127.0.0.1", port)


def test_another_address_warns_with_the_ssh_alternative(
    served: list[dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--demo"]) == 0
    (call,) = served
    host, port = call["address"]  # type: ignore[misc]
    assert host == "0.0.0.0" and call["loopback"] is False
    out, err = capsys.readouterr()
    assert f"WARNING: srrtui listens on 0.0.0.0 port {port}" in err
    assert "anyone who can reach it" in err and "credentials" in err and "no login" in err
    assert f"srrtui serve --port {port}" in err
    assert f"ssh -N -L {port}:127.0.0.1:{port} " in err
    assert f"http://127.0.0.1:{port}/ and on every address of this machine" in out


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_loopback_addresses_do_not_warn(
    host: str, served: list[dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    if host == "::1" and not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        code = main(["serve", "--host", host])
    except OSError:
        pytest.skip(f"{host} cannot be bound here")
    if code == 1:
        pytest.skip(f"{host} cannot be bound here: {capsys.readouterr().err}")
    assert code == 0 and served[0]["loopback"] is True
    assert "WARNING" not in capsys.readouterr().err


@pytest.mark.parametrize("port", ["-1", "65536", "http", "8080.5"])
def test_bad_ports_are_refused_at_the_flag(
    port: str, served: list[dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--port", port])
    assert exit_.value.code == 2
    assert "argument --port" in capsys.readouterr().err
    assert served == []


def test_a_port_in_use_is_a_clear_error(
    served: list[dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1 port {port}" in err and "in use" in err
    assert "Traceback" not in err and served == []


def test_an_unknown_host_is_a_clear_error(
    served: list[dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--host", "no-such-host.invalid"]) == 1
    assert "cannot listen on no-such-host.invalid" in capsys.readouterr().err
    assert served == []


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["serve", "demo-photos"], "invalid choice: 'demo-photos'"),
        (["serve", "wizard", "demo-photos"], "go with 'watch'"),
        (["serve", "--ram-endpoint", "http://127.0.0.1:1"], "--ram-endpoint goes with 'watch'"),
        (["serve", "--poll-interval", "0"], "--poll-interval"),
        (["serve", "--region", "Hangzhou"], "--region"),
    ],
)
def test_arguments_that_cannot_be_served(
    argv: list[str],
    needle: str,
    served: list[dict[str, object]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2 and needle in capsys.readouterr().err
    assert served == []


@pytest.mark.parametrize(
    ("argv", "tail"),
    [
        (["--demo", "serve"], ["--demo"]),
        (["--profile", "work", "serve", "--region", "cn-shanghai"],
         ["--profile", "work", "--region", "cn-shanghai"]),
        (["serve", "--profile", "work", "--endpoint", "https://oss-cn-hangzhou.aliyuncs.com",
          "--poll-interval", "5"],
         ["--profile", "work", "--endpoint", "https://oss-cn-hangzhou.aliyuncs.com",
          "--poll-interval", "5.0"]),
        (["serve", "watch"], ["watch"]),
        (["serve", "--demo", "watch", "demo-logs"], ["--demo", "watch", "--", "demo-logs"]),
        (["serve", "watch", "b-1", "rule-1", "--ram-endpoint", "http://127.0.0.1:9"],
         ["watch", "--ram-endpoint", "http://127.0.0.1:9", "--", "b-1", "rule-1"]),
    ],
)  # fmt: skip
def test_each_tab_runs_srrtui_with_the_same_choices(
    argv: list[str], tail: list[str], served: list[dict[str, object]]
) -> None:
    assert main(argv) == 0
    assert served[0]["command"] == [*srrtui(), *tail]


def test_no_secret_reaches_the_command_line(
    served: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Credentials in the environment reach each tab's srrtui through its environment, as they
    reach a terminal's, never through its arguments (which every user on the machine sees)."""
    for name in ("OSS_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "OSS_SESSION_TOKEN",
                 "ALIBABA_CLOUD_SECURITY_TOKEN"):  # fmt: skip
        monkeypatch.setenv(name, SECRET)
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", "LTAI5tServeKey0001")
    argv = ["serve", "--profile", "work", "--region", "cn-hangzhou", "watch", "demo-logs"]
    assert main(argv) == 0
    command = served[0]["command"]
    assert command == [*srrtui(), "--profile", "work", "--region", "cn-hangzhou",
                       "watch", "--", "demo-logs"]  # fmt: skip
    assert not any(SECRET in word or "LTAI5t" in word for word in command)  # type: ignore[union-attr]


def test_the_serve_arguments_load_no_web_server() -> None:
    """`srrtui serve --help` (and a bad flag) answer without importing textual-serve."""
    code = (
        "import sys, srrtui.cli as c\n"
        "c.build_parser('serve').parse_args(['serve', '--port', '0'])\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    modules = set(loaded.stdout.split())
    assert "srrtui.commands.serve" in modules
    assert not {m for m in modules if m.split(".")[0] in {"textual_serve", "aiohttp", "textual"}}
