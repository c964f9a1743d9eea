"""argparse's help in the language shown: a section heading ends with that language's colon
("位置参数：" in Chinese; argparse itself always writes "heading:\\n")."""

from __future__ import annotations

import argparse
from typing import Any

from srrtui.domain.words.translate import pgettext


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, each section heading said through the catalog."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headings: list[str] = []

    def start_section(self, heading: str | None) -> None:
        if heading:
            self.headings.append(heading)
        super().start_section(heading)

    def format_help(self) -> str:
        text = super().format_help()
        for heading in self.headings:
            line = pgettext("a --help section heading", "{heading}:").format(heading=heading)
            text = text.replace(f"{heading}:\n", f"{line}\n")
        return text


class RawDescriptionHelpFormatter(HelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Keeps the description's and epilog's own line breaks (apply's table of exit codes)."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser with the headings above; its subcommands' parsers are this class too
    (add_subparsers makes them of the parser's own class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)
