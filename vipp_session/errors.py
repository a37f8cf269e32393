"""Errors that carry a plain reason for the person at the keyboard."""


class BadInput(Exception):
    """Something the user gave us cannot be used. The message is shown as is.

    The command line exits with status 2; the UI shows the message next to the field.
    Whoever raises it must not have written anything yet.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotFound(BadInput):
    """A family, clip or moment that does not exist (also a bad input: exit 2)."""
