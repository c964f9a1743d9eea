"""argparse value types: a bad flag is refused at the flag, with argparse's usual
``error: argument --X: ...`` line and exit code 2, never a traceback later on."""

from __future__ import annotations

import argparse
from urllib.parse import urlparse

from srrtui.domain.words.translate import _


def _number(text: str, kind: type[int] | type[float]) -> int | float:
    try:
        return kind(text)
    except ValueError:
        message = (
            _("{text!r} is not a whole number") if kind is int else _("{text!r} is not a number")
        )
        raise argparse.ArgumentTypeError(message.format(text=text)) from None


def positive_int(text: str) -> int:
    value = int(_number(text, int))
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1, not {value}").format(value=value))
    return value


def positive_seconds(text: str) -> float:
    value = float(_number(text, float))
    if not value > 0 or value != value or value == float("inf"):
        message = _("must be a number of seconds above 0, not {text}")
        raise argparse.ArgumentTypeError(message.format(text=text))
    return value


def non_negative_seconds(text: str) -> float:
    value = float(_number(text, float))
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(
            _("must be 0 or more seconds, not {text}").format(text=text)
        )
    return value


def objects_per_second(text: str) -> float:
    value = float(_number(text, float))
    if not value >= 0 or value == float("inf"):
        message = _("must be 0 (unthrottled) or more objects per second, not {text}")
        raise argparse.ArgumentTypeError(message.format(text=text))
    return value


def port(text: str) -> int:
    value = int(_number(text, int))
    if not 0 <= value <= 65535:
        message = _("a port is 0-65535 (0: a free one), not {value}")
        raise argparse.ArgumentTypeError(message.format(value=value))
    return value


def region_id(text: str) -> str:
    # Imported only when --region is given: the wizard's start should not load the domain.
    from srrtui.domain.names import region_problem

    if message := region_problem(text):
        raise argparse.ArgumentTypeError(message)
    return text


def endpoint_url(text: str) -> str:
    """An OSS endpoint: a URL (``https://oss-cn-hangzhou.aliyuncs.com``,
    ``http://127.0.0.1:9000``) or a bare host name, which oss2 reads as https."""
    parsed = urlparse(text if "://" in text else f"https://{text}")
    if parsed.scheme not in ("http", "https") or not parsed.hostname or " " in text:
        message = _("{text!r} is not an endpoint URL (e.g. https://oss-cn-hangzhou.aliyuncs.com)")
        raise argparse.ArgumentTypeError(message.format(text=text))
    try:
        parsed.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        message = _("{text!r} has an invalid port")
        raise argparse.ArgumentTypeError(message.format(text=text)) from None
    return text
