"""``srrtui doctor``: explain where credentials come from and whether the keyring works."""

from __future__ import annotations

import argparse

from srrtui.argtypes import positive_seconds


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", help="check this srrtui profile instead of the usual order")
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=5.0,
        help="seconds to wait for the system keyring (default 5)",
    )


def run(args: argparse.Namespace) -> int:
    # Imported here: `srrtui --help` must not load keyring (it may touch D-Bus).
    from srrtui.credentials.doctor import render, run_doctor

    print(render(run_doctor(profile=args.profile, timeout=args.timeout)), end="")
    return 0
