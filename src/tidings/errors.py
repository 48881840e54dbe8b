"""The exception hierarchy: the library raises these; only the CLI and API speak to users.

Every message starts with a stable code (``[T101]``) so users and tests can recognise a failure.
"""

from __future__ import annotations

__all__ = [
    "TidingsError",
    "ConfigError",
    "SourceError",
    "CleanError",
    "ModelNotFoundError",
    "KnowledgeBaseError",
    "LexiconError",
    "StoreError",
    "NotFoundError",
    "ExportError",
    "EvaluationError",
]


class TidingsError(Exception):
    """Base class: anything tidings raises on purpose."""

    code = "T000"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")
        self.reason = message


class ConfigError(TidingsError):
    code = "T010"


class SourceError(TidingsError):
    """A source could not be read: missing file, refused address, dead URL, malformed archive..."""

    code = "T100"


class CleanError(TidingsError):
    """A document was read but holds nothing usable (empty, binary, not decodable...)."""

    code = "T200"


class ModelNotFoundError(TidingsError):
    code = "T300"


class KnowledgeBaseError(TidingsError):
    """A KB file is broken; the message names file, line and problem."""

    code = "T310"


class LexiconError(TidingsError):
    code = "T400"


class StoreError(TidingsError):
    code = "T500"


class NotFoundError(TidingsError):
    """A query named something the store does not hold; ``suggestions`` lists close matches."""

    code = "T510"

    def __init__(self, message: str, suggestions: list[str] | None = None):
        self.suggestions = suggestions or []
        if self.suggestions:
            message = f"{message} (did you mean: {', '.join(self.suggestions)}?)"
        super().__init__(message)


class ExportError(TidingsError):
    code = "T600"


class EvaluationError(TidingsError):
    code = "T700"
