"""Minimal, deterministic XML writing and hardened XML reading for the OSS replication bodies.

Writing builds the text by hand instead of through ``xml.etree``: the output must be byte-for-byte
stable (golden files, Content-MD5) and must escape what ElementTree leaves alone (CR, LF and TAB
in text would come back as LF or as spaces after a parser's normalisation, breaking round trips).

Reading goes through pyexpat with a refusal handler for any DOCTYPE, entity declaration or
external entity, so a body can never define entities (no XXE, no "billion laughs"), and with a
size ceiling checked before parsing. ElementTree's own ``fromstring`` offers neither hook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NoReturn
from xml.etree import ElementTree as ET
from xml.parsers import expat

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
INDENT = "  "

# XML 1.0 "Char" production: anything outside it cannot appear in a document, escaped or not.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TO_ESCAPE = re.compile("[&<>\t\n\r]")
_REFERENCES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    # Character references survive end-of-line and attribute normalisation; raw ones do not.
    "\t": "&#9;",
    "\n": "&#10;",
    "\r": "&#13;",
}


class ReplicationXmlError(ValueError):
    """A body OSS would refuse; ``code`` is the OSS error code (MalformedXML, InvalidArgument)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def malformed(message: str) -> ReplicationXmlError:
    return ReplicationXmlError("MalformedXML", message)


def invalid(message: str) -> ReplicationXmlError:
    return ReplicationXmlError("InvalidArgument", message)


# -- writing ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Node:
    """An element with either text (a leaf) or children (a container)."""

    tag: str
    text: str | None = None
    children: tuple[Node, ...] = ()


def leaf(tag: str, text: str) -> Node:
    return Node(tag, text=text)


def branch(tag: str, *children: Node | None) -> Node:
    """A container; ``None`` children are dropped so optional elements read naturally."""
    return Node(tag, children=tuple(child for child in children if child is not None))


def escape_text(text: str) -> str:
    if bad := _NOT_XML_CHAR.search(text):
        raise ValueError(f"U+{ord(bad.group()):04X} cannot be represented in XML: {text!r}")
    return _TO_ESCAPE.sub(lambda match: _REFERENCES[match.group()], text)


def to_document(root: Node) -> str:
    """The pretty-printed document (two-space indent, LF line ends, trailing newline)."""
    lines = [DECLARATION]
    _write(root, 0, lines)
    return "\n".join(lines) + "\n"


def _write(node: Node, depth: int, lines: list[str]) -> None:
    pad = INDENT * depth
    if node.children:
        lines.append(f"{pad}<{node.tag}>")
        for child in node.children:
            _write(child, depth + 1, lines)
        lines.append(f"{pad}</{node.tag}>")
    else:
        # Leaves keep their text on one line, so leading/trailing spaces stay part of the value.
        lines.append(f"{pad}<{node.tag}>{escape_text(node.text or '')}</{node.tag}>")


# -- reading ------------------------------------------------------------------------------------
class _Refused(Exception):
    pass


def _refuse_declarations(*_args: object) -> NoReturn:
    raise _Refused("DTDs and entity declarations are not accepted")


def parse_document(body: bytes | str, *, root: str, max_bytes: int) -> ET.Element:
    """Parse ``body`` into an element tree whose root must be ``root``.

    Raises ReplicationXmlError("MalformedXML", ...) for oversized, empty, ill-formed bodies, any
    DOCTYPE/ENTITY, or a different root element."""
    data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    if len(data) > max_bytes:
        raise malformed(f"the XML body is {len(data)} bytes; at most {max_bytes} are accepted")
    if not data.strip():
        raise malformed("the XML body is empty")
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()  # no namespace processing: OSS bodies carry none
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    parser.UnparsedEntityDeclHandler = _refuse_declarations
    parser.ExternalEntityRefHandler = _refuse_declarations
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise malformed(str(exc)) from None
    except expat.ExpatError as exc:
        reason = expat.errors.messages[exc.code]
        raise malformed(f"{reason} (line {exc.lineno}, column {exc.offset + 1})") from None
    element = builder.close()
    if element.tag != root:
        raise malformed(f"the root element must be {root}, not {element.tag}")
    return element


def child_text(parent: ET.Element, path: str) -> str | None:
    """Text of the first element at ``path``: None when absent, "" when empty."""
    child = parent.find(path)
    if child is None:
        return None
    return child.text or ""


def single(parent: ET.Element, tag: str) -> ET.Element | None:
    """The one ``tag`` child of ``parent``; two of them is malformed."""
    found = parent.findall(tag)
    if len(found) > 1:
        raise malformed(f"{parent.tag} has {len(found)} {tag} elements; at most one is allowed")
    return found[0] if found else None
