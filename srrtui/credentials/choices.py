"""What the wizard offers, in plain words, when the system keyring can't be used."""

from __future__ import annotations

from dataclasses import dataclass

from srrtui.domain.words.translate import _

# From keyring's README, "Using Keyring on headless Linux systems": start a D-Bus session and
# unlock GNOME Keyring by giving its password on stdin to `gnome-keyring-daemon --unlock`, then
# run the program in that same session.
DBUS_RECIPE = (
    'dbus-run-session -- sh -c \'printf %s "PASSPHRASE" | '
    "gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec srrtui'"
)


@dataclass(frozen=True)
class StoreChoice:
    key: str  # "env" | "memory" | "encrypted-file" | "unlock-keyring"
    title: str
    text: str
    needs_passphrase: bool = False
    stores_secret: bool = True  # False: nothing is stored by srrtui (env, or a recipe to follow)
    recipe: str = ""


def fallback_choices(reason: str = "") -> tuple[StoreChoice, ...]:
    """The choices shown when the system keyring is unusable (``reason`` says why)."""
    why = _(" ({reason})").format(reason=reason) if reason else ""
    return (
        StoreChoice(
            "env",
            _("Use environment or aliyun CLI credentials"),
            _(
                "srrtui stores nothing. Set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET (or "
                "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET), or run "
                "`aliyun configure`, then start srrtui again. Best for scripts and CI."
            ),
            stores_secret=False,
        ),
        StoreChoice(
            "memory",
            _("Keep the secret for this session only"),
            _(
                "The secret stays in memory while srrtui runs and is forgotten when it exits. "
                "You will type it again next time."
            ),
        ),
        StoreChoice(
            "encrypted-file",
            _("Store it in an encrypted file"),
            _(
                "The secret is encrypted with a passphrase you choose (AES with an Argon2 key) in a "
                "file under srrtui's config folder. srrtui asks for the passphrase when it needs "
                "the secret; it is never shown or saved."
            ),
            needs_passphrase=True,
        ),
        StoreChoice(
            "unlock-keyring",
            _("Unlock the system keyring, then restart srrtui"),
            _(
                "The system keyring can't be used now{why}. On a headless Linux machine with GNOME "
                "Keyring installed (apt install gnome-keyring), start srrtui inside a D-Bus session "
                "with the keyring unlocked. Replace PASSPHRASE (it lands in your shell history; "
                "type it after `gnome-keyring-daemon --unlock` and press Ctrl+D to avoid that):"
            ).format(why=why),
            stores_secret=False,
            recipe=DBUS_RECIPE,
        ),
    )
