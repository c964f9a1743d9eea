"""The wizard's steps in order. Each lives in its own module, imported the first time the step
is shown: the first frame then pays only for the first step (its widgets and domain modules)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

from srrtui.domain.words.translate import N_

if TYPE_CHECKING:
    from srrtui.screens.steps.base import StepPanel


class StepInfo(NamedTuple):
    key: str
    title: str  # English, marked: shown through _()
    module: str
    cls: str


STEPS: tuple[StepInfo, ...] = (
    StepInfo("credentials", N_("Credentials"), "credentials", "CredentialsStep"),
    StepInfo("source", N_("Source bucket"), "source", "SourceStep"),
    StepInfo("destination", N_("Destination"), "destination", "DestinationStep"),
    StepInfo("objects", N_("Objects"), "objects", "ObjectsStep"),
    StepInfo("tags", N_("Tags"), "tags", "TagsStep"),
    StepInfo("deletes", N_("Delete mode"), "delete_mode", "DeleteModeStep"),
    StepInfo("historical", N_("Historical data"), "historical", "HistoricalStep"),
    StepInfo("kms", N_("KMS encryption"), "kms", "KmsStep"),
    StepInfo("role", N_("RAM role"), "role", "RoleStep"),
    StepInfo("review", N_("Review"), "review", "ReviewStep"),
    StepInfo("enable", N_("Enable"), "enable", "EnableStepPanel"),
    StepInfo("progress", N_("Progress"), "progress", "ProgressStep"),
)


def step_class(index: int) -> type[StepPanel]:
    info = STEPS[index]
    module = importlib.import_module(f"srrtui.screens.steps.{info.module}")
    return getattr(module, info.cls)
