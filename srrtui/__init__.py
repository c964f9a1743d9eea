"""srrtui: a terminal wizard for Alibaba Cloud OSS same-region replication."""

from __future__ import annotations

__version__ = "0.1.0"
