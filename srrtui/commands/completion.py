"""``srrtui completion bash|zsh|fish``: a script that completes srrtui's commands, options, plan
files and profile names.

Generated with argcomplete rather than shtab: shtab writes static bash/zsh/tcsh scripts and has
no fish, which we need; argcomplete covers bash, zsh and fish from the same parser and lets an
argument complete from a function (profile names), at the price of starting Python on each Tab
(srrtui's CLI imports nothing heavy before parsing, so that stays quick).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from srrtui.domain.words.translate import _

SHELLS = ("bash", "zsh", "fish")
PLAN_SUFFIXES = ("toml",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, help=_("the shell to write the script for"))
    parser.epilog = _(
        'e.g. bash: eval "$(srrtui completion bash)"; zsh: eval "$(srrtui completion zsh)" '
        "(after compinit); fish: srrtui completion fish | source"
    )


def run(args: argparse.Namespace) -> int:
    import argcomplete

    print(argcomplete.shellcode(["srrtui"], shell=args.shell))
    return 0


def profile_names(**_: object) -> list[str]:
    """The saved srrtui profiles: one small TOML file, read without touching the keyring."""
    from srrtui.credentials.profiles import ProfileStore

    try:
        return [profile.name for profile in ProfileStore().list()]
    except Exception:  # a broken file must not break the shell; the command will say why
        return []


def plan_files() -> object:
    import argcomplete.completers

    return argcomplete.completers.FilesCompleter(PLAN_SUFFIXES, directories=True)


def attach_completers(parser: argparse.ArgumentParser) -> None:
    """Plan files for path arguments (apply's and plan's), profile names for --profile; on
    every subcommand parser, however deep."""
    for action in parser._actions:
        if "--profile" in action.option_strings:
            action.completer = profile_names  # type: ignore[attr-defined]
        elif not action.option_strings and action.type is Path:
            action.completer = plan_files()  # type: ignore[attr-defined]
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                attach_completers(sub)


def complete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell (argcomplete's protocol: it sets _ARGCOMPLETE) and exit."""
    import argcomplete

    attach_completers(parser)
    argcomplete.autocomplete(parser)
