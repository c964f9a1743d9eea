"""Expected credential problems. ``str()`` of each is a plain sentence the UI can show as is;
none of them ever carries a secret."""

from __future__ import annotations

from srrtui.domain.words.translate import _, clauses, titled


class CredentialsError(Exception):
    """A credential problem the user can fix; the message says what and how."""


class ProfileFileError(CredentialsError):
    """The profiles file cannot be read: names the file and, when known, the line."""

    def __init__(self, message: str, *, path: str = "", line: int = 0) -> None:
        super().__init__(message)
        self.path = path
        self.line = line


class InvalidProfile(CredentialsError, ValueError):
    """A profile with field-level problems (``problems`` maps field -> message)."""

    def __init__(self, name: str, problems: dict[str, str]) -> None:
        details = clauses([titled(field, text) for field, text in problems.items()])
        super().__init__(
            _("profile '{name}' is not valid: {details}").format(name=name, details=details)
        )
        self.problems = dict(problems)


class ProfileNotFound(CredentialsError):
    pass


class IncompleteEnvironment(CredentialsError):
    """Some credential variables are set and others are missing: never guess."""

    def __init__(self, message: str, missing: tuple[str, ...]) -> None:
        super().__init__(message)
        self.missing = missing


class AliyunCliError(CredentialsError):
    """The aliyun CLI config is missing, malformed, or its profile is unusable here."""


class NoCredentials(CredentialsError):
    """No source had credentials; ``tried`` says why each one did not apply."""

    def __init__(self, tried: tuple[str, ...]) -> None:
        lines = "\n".join(f"  - {t}" for t in tried)
        super().__init__(
            _("No Alibaba Cloud credentials were found. Tried, in order:\n{lines}").format(
                lines=lines
            )
        )
        self.tried = tried


class KeyringUnavailable(CredentialsError):
    """The system keyring cannot be used (absent, locked, D-Bus broken, or not answering).

    srrtui then fails closed: it stores nothing until the user picks another place."""

    def __init__(self, reason: str) -> None:
        super().__init__(_("The system keyring can't be used: {reason}").format(reason=reason))
        self.reason = reason


class PassphraseRequired(CredentialsError):
    """The encrypted file store needs its passphrase; the TUI asks for it (never echoed)."""


class WrongPassphrase(CredentialsError):
    pass


class SecretNotFound(CredentialsError):
    pass
