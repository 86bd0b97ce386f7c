"""Typed errors with stable codes. The edges (CLI, web) translate them."""
from __future__ import annotations


class VanbanError(Exception):
    """Base of every error the core raises on purpose. ``code`` is stable; tests assert it."""
    code = "VB000"
    exit_status = 2

    def __init__(self, message: str, *, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(VanbanError):
    """A user's file cannot be read (missing, unsupported, empty, corrupt, locked)."""
    code = "VB100"


class FileMissing(InputError):
    code = "VB101"


class UnsupportedFormat(InputError):
    code = "VB102"


class EmptyDocument(InputError):
    code = "VB103"


class CorruptFile(InputError):
    code = "VB104"


class EncryptedFile(InputError):
    code = "VB105"


class ScannedPdf(InputError):
    code = "VB106"


class DataError(VanbanError):
    """A shipped or user-supplied data file (registry, vocabulary, gold) is invalid."""
    code = "VB200"


class TemplateError(VanbanError):
    code = "VB300"


class StoreError(VanbanError):
    code = "VB400"


class NotFound(VanbanError):
    code = "VB404"


class UsageError(VanbanError):
    code = "VB500"


class OutputError(VanbanError):
    """A result cannot be written (folder missing or not writable, a folder in place of a file)."""
    code = "VB600"


# Code catalogue (documented in README; a test checks they stay in sync).
CATALOGUE: dict[str, type[VanbanError]] = {
    cls.code: cls
    for cls in (VanbanError, InputError, FileMissing, UnsupportedFormat, EmptyDocument,
                CorruptFile, EncryptedFile, ScannedPdf, DataError, TemplateError,
                StoreError, NotFound, UsageError, OutputError)
}
