"""The library's exceptions.  Messages are fit to show to a user as they are."""


class SpeechbotError(Exception):
    """Base of every error the library raises on purpose."""


class LoadError(SpeechbotError):
    """A file could not be read as a speech; the message names the file and the reason."""

    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason


class NotFoundError(SpeechbotError):
    """A speech, section or reference that does not exist."""


class StoreError(SpeechbotError):
    """The data directory cannot be used (locked, corrupt, unwritable)."""
