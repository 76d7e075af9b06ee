"""Errors that end the reading of one input file, with a stable code for the JSON report."""


class InputError(Exception):
    """An input file that cannot be linted: reported on one line, exit code 2.

    ``code`` is a stable kebab-case identifier (for JSON and tests); ``message`` is
    a short English description, ``message_fr`` its French counterpart.
    """

    def __init__(self, code: str, message: str, message_fr: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_fr = message_fr or message

    def text(self, lang: str = "fr") -> str:
        return self.message_fr if lang == "fr" else self.message


class UsageError(Exception):
    """A bad command line or configuration (exit code 2)."""
