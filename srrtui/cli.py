"""Command line: argument parsing only. Each subcommand lives in ``srrtui.commands.<name>``
and is imported only when chosen, so ``srrtui --version`` and the wizard's first frame never
wait on an SDK import."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from srrtui import __version__, language
from srrtui.arghelp import ArgumentParser
from srrtui.argtypes import endpoint_url, region_id
from srrtui.domain.words.translate import N_, _

# name -> one-line help. Each module has add_arguments(parser) and run(args) -> int.
SUBCOMMANDS: dict[str, str] = {
    "plan": N_("check or render a plan file"),
    "local-cloud": N_("run the local OSS + RAM + KMS service in the foreground"),
    "doctor": N_("explain where credentials come from and whether the keyring works"),
    "apply": N_("preflight a plan file and enable it (the wizard's steps, without the wizard)"),
    "diff": N_("list a rule's objects that are missing or different in its destination"),
    "watch": N_("the live dashboard of replication rules: details, diff, stop"),
    "serve": N_("the wizard (or watch) in a web browser, on 127.0.0.1 unless --host is given"),
    "completion": N_("print a shell completion script (bash, zsh or fish)"),
}


# Top-level options that take a value: their value is never the subcommand's name.
_VALUE_OPTIONS = frozenset({"--profile", "--region", "--endpoint", "--poll-interval", "--lang"})


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv``, found before parsing so that only its module is
    imported (the wizard's first frame should not wait on every command's imports)."""
    skip_next = False
    for token in argv:
        if skip_next:
            skip_next = False
        elif token in _VALUE_OPTIONS:
            skip_next = True
        elif token == "--":
            return None
        elif not token.startswith("-"):
            return token if token in SUBCOMMANDS else None
    return None


def lang_flag(argv: Sequence[str]) -> str | None:
    """``--lang``'s value, read before parsing: ``--help`` is written in the chosen language."""
    for at, token in enumerate(argv):
        if token == "--":
            return None
        if token.startswith("--lang="):
            return token.partition("=")[2]
        if token == "--lang" and at + 1 < len(argv):
            return argv[at + 1]
    return None


def build_parser(command: str | None = None, *, every: bool = False) -> argparse.ArgumentParser:
    """The parser, with full arguments for ``command`` only (every command is listed), or for
    ``every`` command (shell completion needs them all)."""
    parser = ArgumentParser(
        prog="srrtui",
        description=_("Set up Alibaba Cloud OSS same-region replication, and watch it run."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"srrtui {__version__}",
        help=_("show program's version number and exit"),
    )
    # Without a subcommand, srrtui runs the wizard; these choose who and where.
    parser.add_argument(
        "--lang",
        choices=language.LANGUAGES,
        help=_(
            "the language of screens and messages (default: SRRTUI_LANG, then "
            "LC_ALL/LC_MESSAGES/LANG; zh_CN.UTF-8 means zh-CN)"
        ),
    )
    parser.add_argument("--profile", help=_("the srrtui profile to preselect"))
    parser.add_argument(
        "--region", type=region_id, help=_("region id, e.g. cn-hangzhou (overrides the profile)")
    )
    parser.add_argument(
        "--endpoint", type=endpoint_url, help=_("OSS endpoint URL (overrides the profile)")
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("run the wizard against a local demo cloud (nothing leaves this machine)"),
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help=_(
            "log every cloud request (no secrets) to a file; its path is printed on exit "
            "(also SRRTUI_DEBUG=1)"
        ),
    )
    parser.add_argument(
        "--poll-interval",
        type=float,
        metavar="SECONDS",
        help=_("seconds between progress refreshes (default: 15, or 2 with --demo)"),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in SUBCOMMANDS.items():
        sub = subparsers.add_parser(name, help=_(help_text), description=_(help_text))
        if every or name == command:
            _command_module(name).add_arguments(sub)
    return parser


def _command_module(name: str):  # noqa: ANN202 - a module
    return importlib.import_module(f"srrtui.commands.{name.replace('-', '_')}")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _choose_language(argv)
    if "_ARGCOMPLETE" in os.environ:  # a shell asking for completions (srrtui completion)
        _command_module("completion").complete(build_parser(every=True))
    args = build_parser(chosen_command(argv)).parse_args(argv)
    if getattr(args, "json", False):
        # Machine output is the same in every language (titles and details included).
        language.activate(language.ENGLISH)
    debug_log = _start_debug_log(args.debug)
    try:
        if args.command is None:
            return int(_command_module("wizard").run(args))
        return int(_command_module(args.command).run(args))
    except KeyboardInterrupt:
        print(_("interrupted"), file=sys.stderr)
        return 130
    finally:
        if debug_log:
            print(_("debug log: {path}").format(path=debug_log), file=sys.stderr)


# argparse's own words (it looks them up with gettext, in its "messages" domain, by the
# process's locale): in srrtui's catalog, and looked up through it (see _choose_language).
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
)


def _choose_language(argv: Sequence[str]) -> None:
    flag = lang_flag(argv)
    language.activate(language.choose(flag if flag in language.LANGUAGES else None, os.environ))
    # argparse calls its module's _ at each use: its words then follow --lang too.
    argparse._ = _  # type: ignore[attr-defined]


def _start_debug_log(flag: bool) -> str:
    """The debug log's path when --debug or SRRTUI_DEBUG=1 asked for one, else ''."""
    from srrtui.cloud.requestlog import start, wanted

    return str(start()) if wanted(flag) else ""


if __name__ == "__main__":
    raise SystemExit(main())
