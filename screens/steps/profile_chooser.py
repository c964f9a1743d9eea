"""The credentials step's choice when there is one: pick a profile (or environment / aliyun CLI
credentials) or create one. The secret is typed masked, and the chooser says where it will be
kept; without a usable system keyring it offers the other choices instead of falling back to a
plain file. The step imports this module only when it shows the chooser (not in the demo)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList, RadioButton, Static
from textual.widgets.option_list import Option

from srrtui.domain.regions import looks_like_region_id
from srrtui.domain.validation import Issue
from srrtui.domain.words.translate import _, ngettext
from srrtui.screens.credential_tasks import (
    STORE_TITLES,
    CredentialProblem,
    NewProfile,
    Overview,
    create_and_connect,
    overview,
    regions_with_buckets,
)
from srrtui.screens.credential_tasks import connect as connect_task
from srrtui.screens.messages import CloudOpened
from srrtui.screens.services import WizardServices
from srrtui.screens.steps.base import StepPanel
from srrtui.screens.widgets.choice import Choice, Pick
from srrtui.screens.widgets.field_error import FieldError
from srrtui.screens.widgets.marked_list import MarkedList
from srrtui.screens.widgets.region_picker import RegionPicker

NEW = "\0new"
ENV = "\0env"
CLI = "\0cli:"  # + the aliyun CLI profile's name


@dataclass
class OverviewLoaded(Message):
    overview: Overview


@dataclass
class RegionsRead(Message):
    row: str  # the row they were read for
    regions: tuple[str, ...]


@dataclass
class ConnectFailed(Message):
    field: str
    message: str


class ProfileChooser(Vertical):
    """Saved profiles, environment credentials and a new-profile form. Next (``connect``)
    creates the profile if it is new and opens the session in a worker; the result is posted
    as ``CloudOpened`` + ``StepPanel.Advance``, or shown at the field that caused it."""

    def __init__(self, services: WizardServices, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.services = services
        self.info: Overview | None = None
        self.connecting = False
        self._region_row: str | None = None  # the row the region picker was last set up for
        # The list's moves (arrows, Home, ...) pressed while it was still empty: made once the
        # rows are in, in order, so a key pressed early is not lost.
        self._early_moves: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="cred-state", markup=False)
        # Up here, not in the form: without a keyring, saved keyring profiles fail too.
        yield Static("", id="keyring-notice", classes="notice", markup=False)
        yield MarkedList(id="profiles")
        yield Static(_("Selected: none yet"), id="profile-selected", markup=False)
        # For a new profile, and for environment or aliyun CLI credentials (which may carry
        # no region): picked by the console's names, remembered in the profile.
        with Vertical(id="new-profile-name", classes="new-profile"):
            yield Label(_("Profile name"))
            yield Input(placeholder=_("e.g. work"), id="cred-name")
            yield FieldError("cred.name")
        yield Label(_("Region"), id="region-label")
        yield RegionPicker(input_id="cred-region", field="cred.region", id="region-picker")
        with Vertical(id="new-profile", classes="new-profile"):
            yield Label(_("Endpoint (empty: the region's public endpoint)"))
            yield Input(self.services.endpoint, placeholder="https://…", id="cred-endpoint")
            yield FieldError("cred.endpoint")
            yield Label("AccessKey ID")
            yield Input(placeholder="LTAI…", id="cred-id")
            yield FieldError("cred.access_key_id")
            yield Label(_("AccessKey secret (hidden as you type)"))
            yield Input(password=True, id="cred-secret")
            yield FieldError("cred.secret")
            yield Label(_("Keep the secret in"))
            with Choice(id="cred-store"):
                yield Pick(_("the system keyring"), id="keyring", value=True)
                yield Pick(_("an encrypted file (asks a passphrase)"), id="encrypted-file")
                yield Pick(_("memory, for this session only"), id="memory")
            yield FieldError("cred.store")
        yield Label(_("Passphrase of the encrypted file"), id="pass-label")
        yield Input(password=True, id="cred-passphrase")
        yield FieldError("cred.passphrase")
        yield Static("", id="cred-where", classes="hint", markup=False)
        yield FieldError("cred.connect")

    def on_mount(self) -> None:
        self.state(_("Reading profiles and checking the keyring…"))
        self.load_overview()
        self._sync()

    def state(self, text: str) -> None:
        self.query_one("#cred-state", Static).update(text)

    @work(thread=True, exclusive=True, group="credentials", exit_on_error=False)
    def load_overview(self) -> None:
        self.post_message(OverviewLoaded(overview(self.services)))

    def on_key(self, event: events.Key) -> None:
        """Keys for the list while it is still being read. Its moves wait for its rows; Enter
        chooses nothing yet and says so (the list's own Enter did nothing, without a word).
        Not replayed, and not passed on as Next: the rows may come in before the wizard
        handled it, which would then connect with a row never seen highlighted."""
        if self.info is not None:
            return
        listing = self.query_one("#profiles", OptionList)
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.node is not listing or self.app.focused is not listing:
            return  # the wizard's and the app's keys (F1, q, ...) act at once
        event.stop()
        event.prevent_default()
        if active.binding.action == "select":
            title = _(self.query_ancestor(StepPanel).title)
            self.notify(_("Still reading profiles…"), title=title, severity="warning")
        else:
            self._early_moves.append(active.binding.action)

    async def on_overview_loaded(self, message: OverviewLoaded) -> None:
        self.info = info = message.overview
        listing = self.query_one("#profiles", OptionList)
        listing.clear_options()
        cli_names = {name for name, _mode, _region in info.cli_profiles}
        for profile in info.profiles:
            mark = _(" (default)") if profile.name == info.default else ""
            if profile.name in cli_names:
                mark += _(" · also an aliyun CLI profile: srrtui's is used")
            listing.add_option(Option(f"{profile.name}  {profile.region}{mark}", id=profile.name))
        if info.env_source:
            listing.add_option(Option(_("Use {source}").format(source=info.env_source), id=ENV))
        saved = {profile.name for profile in info.profiles}
        for name, mode, region in info.cli_profiles:
            if name not in saved:  # srrtui's profile of that name wins (said on its row)
                words = _("aliyun CLI profile {name}  {mode}").format(name=name, mode=mode)
                listing.add_option(Option(f"{words}  {region}".rstrip(), id=CLI + name))
        listing.add_option(Option(_("+ New profile"), id=NEW))
        wanted = self.services.profile or info.default
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        listing.highlighted = ids.index(wanted) if wanted in ids else 0
        moves, self._early_moves = self._early_moves, []
        for action in moves:
            await listing.run_action(action)
        if not info.keyring_usable:
            keyring = self.query_one("#keyring", RadioButton)
            keyring.label = _("the system keyring (unavailable)")
            keyring.disabled = True
            self.query_one("#memory", RadioButton).value = True
        count = len(info.profiles)
        self.state(
            ngettext(
                "{count} saved profile. Profiles (never secrets) live in {path}.",
                "{count} saved profiles. Profiles (never secrets) live in {path}.",
                count,
            ).format(count=count, path=info.profiles_path)
        )
        self._sync()

    def _chosen(self) -> str:
        listing = self.query_one("#profiles", OptionList)
        if listing.highlighted is None or not listing.option_count:
            return NEW
        return listing.get_option_at_index(listing.highlighted).id or NEW

    def _chosen_store(self) -> str:
        return self.query_one("#cred-store", Choice).chosen or "memory"

    def _sync(self) -> None:
        chosen = self._chosen()
        # Nothing is chosen before the list is read: the new-profile form waits for it too.
        # (Shown meanwhile, it was typed into, then hidden when saved profiles came in, and
        # the keyboard with it: the next keys went nowhere.)
        new = chosen == NEW and self.info is not None
        for form in self.query(".new-profile"):
            form.display = new
        self._sync_region(chosen)
        store = self._chosen_store()
        profile = (
            next((p for p in self.info.profiles if p.name == chosen), None) if self.info else None
        )
        needs_pass = (new and store == "encrypted-file") or (
            profile is not None and profile.secret_source == "encrypted-file"
        )
        for widget in ("#pass-label", "#cred-passphrase"):
            self.query_one(widget).display = needs_pass
        notice = self.query_one("#keyring-notice", Static)
        if self.info is not None and not self.info.keyring_usable:
            notice.update(
                _(
                    "ⓘ No usable system keyring: {reason}. srrtui will not fall back to a plain "
                    "file. Keep the secret for this session only, use an encrypted file, or quit "
                    "and set OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET (or run `aliyun "
                    "configure`). `srrtui doctor` shows how to unlock a keyring over SSH."
                ).format(reason=self.info.keyring_reason)
            )
        notice.display = self.info is not None and not self.info.keyring_usable
        self.query_one("#profile-selected", Static).update(self._selected_text(chosen))
        where = ""
        if new:
            where = _("The secret goes to {store}; the profile file never holds it.").format(
                store=_(STORE_TITLES.get(store, store))
            )
        elif profile is not None:
            source = profile.secret_source
            where = _("Secret from: {store}.").format(store=_(STORE_TITLES.get(source, source)))
        self.query_one("#cred-where", Static).update(where)

    def _picks_region(self, chosen: str) -> bool:
        return chosen in (NEW, ENV) or chosen.startswith(CLI)

    def _sync_region(self, chosen: str) -> None:
        """The picker is shown for the sources that have no profile, starting from the region
        known for the chosen one (--region, else the source's own, else the remembered one)."""
        shown = self._picks_region(chosen) and self.info is not None
        for widget in ("#region-label", "#region-picker"):
            self.query_one(widget).display = shown
        if not shown or chosen == self._region_row or self.info is None:
            return
        self._region_row = chosen
        key = chosen.removeprefix(CLI) if chosen.startswith(CLI) else ""
        known = "" if chosen == NEW else self.info.regions.get(key, "")
        picker = self.query_one(RegionPicker)
        picker.choose(picker.starting_region(self.services.region or known))
        if chosen != NEW:
            self.read_regions(chosen, key)

    @work(thread=True, exclusive=True, group="bucket-regions", exit_on_error=False)
    def read_regions(self, row: str, profile_name: str) -> None:
        self.post_message(RegionsRead(row, regions_with_buckets(self.services, profile_name)))

    def on_regions_read(self, message: RegionsRead) -> None:
        picker = self.query_one(RegionPicker)
        # Only while that row is chosen and nothing was typed: never under the person's hands.
        if message.regions and message.row == self._chosen() and not picker.typed:
            picker.choose(picker.value, message.regions)

    @on(RegionPicker.Changed)
    def _region_changed(self, event: RegionPicker.Changed) -> None:
        event.stop()
        self.post_message(StepPanel.Changed())

    def _selected_text(self, chosen: str) -> str:
        """The list's "›" row in words: the highlighted row *is* the choice here."""
        if self.info is None:
            return _("Selected: none yet")
        if chosen == NEW:
            return _("Selected: a new profile (fill in the form below)")
        if chosen == ENV:
            return _("Selected: {name}").format(name=self.info.env_source)
        if chosen.startswith(CLI):
            name = chosen.removeprefix(CLI)
            mode = next((m for n, m, _r in self.info.cli_profiles if n == name), "")
            return _("Selected: aliyun CLI profile {name} ({mode})").format(name=name, mode=mode)
        profile = next((p for p in self.info.profiles if p.name == chosen), None)
        region = f" ({profile.region})" if profile is not None and profile.region else ""
        return _("Selected: profile {name}").format(name=chosen) + region

    @on(OptionList.OptionHighlighted, "#profiles")
    @on(Choice.Changed)
    def _changed(self) -> None:
        self._sync()
        self.post_message(StepPanel.Changed())

    @on(OptionList.OptionSelected, "#profiles")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == NEW:
            self.query_one("#cred-name", Input).focus()
        else:
            self.post_message(StepPanel.Advance())

    # -- Next: connect first ------------------------------------------------------------------
    def connect(self) -> str:
        """Start checking the chosen credentials (once); what to tell the user meanwhile."""
        if self.info is None:
            return _("Still reading profiles…")
        if not self.connecting:
            chosen = self._chosen()
            region = self.query_one(RegionPicker).value if self._picks_region(chosen) else ""
            step = self.query_ancestor(StepPanel)
            # (A new profile's region is checked with its other fields.)
            picked_badly = chosen != NEW and not looks_like_region_id(region)
            if self._picks_region(chosen) and picked_badly:
                hint = _("a region ID such as cn-hangzhou")
                step.show_problems((Issue("cred.region", hint),))
                return _("Choose the region first.")
            self.connecting = True
            step.show_problems(())
            self.state(_("Checking the credentials…"))
            self.run_connect(
                chosen, self._form(), self.query_one("#cred-passphrase", Input).value, region
            )
        return _("Checking the credentials…")

    def _form(self) -> NewProfile:
        value = lambda widget_id: self.query_one(widget_id, Input).value  # noqa: E731
        return NewProfile(
            name=value("#cred-name"),
            region=self.query_one(RegionPicker).value,
            endpoint=value("#cred-endpoint"),
            access_key_id=value("#cred-id"),
            secret=value("#cred-secret"),
            store=self._chosen_store(),
            passphrase=value("#cred-passphrase"),
        )

    @work(thread=True, exclusive=True, group="connect", exit_on_error=False)
    def run_connect(self, chosen: str, form: NewProfile, passphrase: str, region: str) -> None:
        services = self.services
        try:
            if chosen == NEW:
                cloud, label = create_and_connect(services, form)
            else:
                name = "" if chosen == ENV else chosen.removeprefix(CLI)
                cloud, label = connect_task(services, name, passphrase, region)
        except CredentialProblem as problem:
            self.post_message(ConnectFailed(problem.field, problem.message))
            return
        self.post_message(CloudOpened(cloud, label))
        self.post_message(StepPanel.Advance())

    def on_connect_failed(self, message: ConnectFailed) -> None:
        self.connecting = False
        self.state("")
        self.query_ancestor(StepPanel).show_problems(
            (Issue(f"cred.{message.field}", message.message),)
        )
        self.notify(
            _("The credentials could not be used; see the message marked ✗."), severity="error"
        )

    def on_cloud_opened(self, message: CloudOpened) -> None:
        # Not stopped: the wizard takes the session from the same message.
        self.connecting = False
        self.state(_("Connected with {label}.").format(label=message.label))
