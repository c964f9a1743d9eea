"""The local cloud's RAM service: ACS3-signed RPC calls, roles, policies and their evaluation."""

from srrtui.localcloud.ram.evaluate import Decision, evaluate, oss_arn, wildcard_match
from srrtui.localcloud.ram.service import RamConfig, RamService
from srrtui.localcloud.ram.views import RamLimits, role_arn

__all__ = [
    "Decision",
    "RamConfig",
    "RamLimits",
    "RamService",
    "evaluate",
    "oss_arn",
    "role_arn",
    "wildcard_match",
]
