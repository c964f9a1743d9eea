"""RAM policy evaluation for the local cloud's RAM service.

The evaluator is pure and shared with the cloud layer's custom-role preflight, so the client and
this service judge a policy the same way: it lives in ``srrtui.domain.policy_eval``.
"""

from srrtui.domain.policy_eval import Decision, evaluate, oss_arn, wildcard_match

__all__ = ["Decision", "evaluate", "oss_arn", "wildcard_match"]
