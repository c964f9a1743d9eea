"""The wizard's steps in order. Each lives in its own module, imported the first time the step
is shown: the first frame then pays only for the first step (its widgets and domain modules)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from srrtui.screens.steps.base import StepPanel


class StepInfo(NamedTuple):
    key: str
    title: str
    module: str
    cls: str


STEPS: tuple[StepInfo, ...] = (
    StepInfo("credentials", "Credentials", "credentials", "CredentialsStep"),
    StepInfo("source", "Source bucket", "source", "SourceStep"),
    StepInfo("destination", "Destination", "destination", "DestinationStep"),
    StepInfo("objects", "Objects", "objects", "ObjectsStep"),
    StepInfo("tags", "Tags", "tags", "TagsStep"),
    StepInfo("deletes", "Delete mode", "delete_mode", "DeleteModeStep"),
    StepInfo("historical", "Historical data", "historical", "HistoricalStep"),
    StepInfo("kms", "KMS encryption", "kms", "KmsStep"),
    StepInfo("role", "RAM role", "role", "RoleStep"),
    StepInfo("review", "Review", "review", "ReviewStep"),
    StepInfo("enable", "Enable", "enable", "EnableStepPanel"),
    StepInfo("progress", "Progress", "progress", "ProgressStep"),
)


def step_class(index: int) -> type[StepPanel]:
    info = STEPS[index]
    module = importlib.import_module(f"srrtui.screens.steps.{info.module}")
    return getattr(module, info.cls)
