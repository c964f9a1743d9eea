"""A small HCL writer for the Terraform export: blocks, attributes and comments laid out the way
``terraform fmt`` does (two-space indent; the ``=`` of consecutive one-line attributes aligned;
a multi-line value, a blank line, a comment or a nested block ends an alignment group)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

INDENT = "  "


@dataclass(frozen=True)
class Attr:
    name: str
    value: str  # an HCL expression, already rendered (see ``string``)


@dataclass(frozen=True)
class Comment:
    text: str


@dataclass(frozen=True)
class Blank:
    pass


@dataclass
class Block:
    kind: str
    labels: tuple[str, ...] = ()
    body: list[Attr | Comment | Blank | Block] = field(default_factory=list)

    def render(self, depth: int = 0) -> list[str]:
        pad = INDENT * depth
        head = " ".join([self.kind, *(f'"{label}"' for label in self.labels)])
        lines = [f"{pad}{head} {{"]
        lines += _body(self.body, depth + 1)
        lines.append(f"{pad}}}")
        return lines


def _body(items: list[Attr | Comment | Blank | Block], depth: int) -> list[str]:
    pad = INDENT * depth
    lines: list[str] = []
    group: list[Attr] = []

    def flush() -> None:
        width = max((len(a.name) for a in group), default=0)
        for attr in group:
            first, *rest = attr.value.split("\n")
            lines.append(f"{pad}{attr.name.ljust(width)} = {first}")
            lines.extend(rest)
        group.clear()

    for item in items:
        if isinstance(item, Attr):
            group.append(item)
            if "\n" in item.value:
                # terraform fmt aligns a multi-line value's first line with the lines above;
                # the group ends after it.
                flush()
            continue
        flush()
        if isinstance(item, Comment):
            lines.append(f"{pad}# {item.text}" if item.text else f"{pad}#")
        elif isinstance(item, Blank):
            lines.append("")
        else:
            lines += item.render(depth)
    flush()
    return lines


def document(items: list[Block | Comment | Blank]) -> str:
    """Top-level items, each block separated from the next by one blank line."""
    lines: list[str] = []
    previous: Block | Comment | Blank | None = None
    for item in items:
        if isinstance(previous, Block) and not isinstance(item, Blank):
            lines.append("")
        if isinstance(item, Block):
            lines += item.render()
        elif isinstance(item, Comment):
            lines.append(f"# {item.text}" if item.text else "#")
        else:
            lines.append("")
        previous = item
    return "\n".join(lines) + "\n"


def string(text: str) -> str:
    """A quoted HCL string: escapes, and ``${`` / ``%{`` kept literal rather than templates."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
        .replace("${", "$${")
        .replace("%{", "%%{")
    )
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped)
    return f'"{escaped}"'


def string_list(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(string(item) for item in items) + "]"


def heredoc(text: str, depth: int, marker: str = "EOT") -> str:
    """An indented heredoc (``<<-EOT``) for a JSON document; template sequences kept literal."""
    body = text.rstrip("\n").replace("${", "$${").replace("%{", "%%{")
    if any(line.strip() == marker for line in body.splitlines()):
        raise ValueError(f"the text contains the heredoc marker {marker}")
    pad = INDENT * (depth + 1)
    inner = "\n".join(f"{pad}{line}" if line else "" for line in body.splitlines())
    return f"<<-{marker}\n{inner}\n{INDENT * depth}{marker}"


def comment_text(text: str) -> str:
    """User text on one comment line."""
    return text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text


def identifier(text: str) -> str:
    """A Terraform resource name: letters, digits, underscores and dashes, starting with a letter."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", text)
    return name if name[:1].isalpha() else f"r_{name}"
