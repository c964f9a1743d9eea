"""Step 1: who to be. In the demo, or with a connection given on the command line, there is
nothing to choose and the step says what it connects to. Otherwise it shows the profile chooser
(profile_chooser.py: saved profiles, environment credentials, a new profile with a masked secret),
imported only then, so the demo's first frame does not wait for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Label, Static

from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.words.translate import N_, _
from srrtui.screens.steps.base import StepContext, StepPanel

if TYPE_CHECKING:
    from srrtui.screens.steps.profile_chooser import ProfileChooser

DEMO_TEXT = N_(
    "Demo mode: a local OSS, RAM and KMS service runs on this machine with made-up buckets and a "
    "documented fake AccessKey. Nothing leaves this computer."
)


class CredentialsStep(StepPanel):
    key = "credentials"
    title = N_("Credentials")

    def __init__(self, ctx: StepContext, plan: ReplicationPlan) -> None:
        super().__init__(ctx, plan)
        self.chooser: ProfileChooser | None = None

    @property
    def fixed(self) -> bool:
        """Demo, or a connection given on the command line: nothing to choose."""
        services = self.ctx.services
        return services.demo or services.connection is not None

    def compose(self) -> ComposeResult:
        yield Label(_("Which credentials should srrtui use?"), classes="question")
        if self.fixed:
            yield Static("", id="cred-state", markup=False)
            return
        from srrtui.screens.steps.profile_chooser import ProfileChooser

        self.chooser = ProfileChooser(self.ctx.services, id="profile-chooser")
        yield self.chooser

    def on_mount(self) -> None:
        if self.fixed:
            self.cloud_ready()

    def cloud_ready(self) -> None:
        if self.fixed:
            state = _("Ready.") if self.ctx.cloud is not None else _("Starting the local cloud…")
            if not self.ctx.services.demo:
                state = _("Connected.") if self.ctx.cloud is not None else _("Connecting…")
            self.query_one("#cred-state", Static).update(
                f"{_(DEMO_TEXT)}\n\n{state}" if self.ctx.services.demo else state
            )

    # -- Next: connect first ------------------------------------------------------------------
    def blocked(self) -> str | None:
        if self.ctx.cloud is not None:
            return None
        if self.chooser is None:
            return (
                _("The local cloud is still starting…")
                if self.ctx.services.demo
                else _("Connecting…")
            )
        return self.chooser.connect()

    def help_text(self) -> str:
        if self.ctx.services.demo:
            return _(
                "Press Enter once the local cloud is ready. Nothing you do in the demo reaches "
                "Alibaba Cloud."
            )
        return _(
            "srrtui needs an AccessKey allowed to list buckets, manage replication "
            "(oss:PutBucketReplication and friends) and, for a new role, ram:CreateRole, "
            "ram:CreatePolicy and ram:AttachPolicyToRole.\n\n"
            "Sources are tried in this order: the chosen profile, the environment "
            "(OSS_ACCESS_KEY_ID...), an aliyun CLI profile, then the keyring. The secret is "
            "never written to the profile file or shown."
        )
