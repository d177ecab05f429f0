"""Every error govgraph raises on purpose, rooted in one class with a machine-readable code.

`api/` maps these to GraphQL errors by class; the CLI prints their message and exits non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class GovGraphError(Exception):
    """Root of govgraph's errors; `code` is stable and meant for clients to branch on."""

    code = "GOVGRAPH_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: where it is, which field, and what is wrong."""

    where: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.reason}" if self.field else f"{self.where}: {self.reason}"


class InvalidDataError(GovGraphError):
    """Structurally bad input (a bad code, an unknown enum value, a missing key…); nothing was stored."""

    code = "INVALID_DATA"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "invalid data"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)


class DanglingReferenceError(InvalidDataError):
    """A relationship names a node that is neither stored nor part of the same change."""

    code = "DANGLING_REFERENCE"


class InvalidArgumentError(GovGraphError):
    """A query argument is out of range or names something that does not exist (a field, a label)."""

    code = "INVALID_ARGUMENT"


class NotFoundError(GovGraphError):
    """The node asked for does not exist."""

    code = "NOT_FOUND"

    def __init__(self, label: str, key: str) -> None:
        super().__init__(f"{label} {key!r} does not exist")
        self.label = label
        self.key = key


class ForbiddenError(GovGraphError):
    """The principal may not do this (Art.29: against over-privileged use)."""

    code = "FORBIDDEN"


class ConflictError(GovGraphError):
    """A write conflicts with what is stored: it was based on a version no longer current, or creates a key that exists."""

    code = "CONFLICT"


class StoreUnavailableError(GovGraphError):
    """The store cannot be reached or refused the work for a reason outside the request."""

    code = "STORE_UNAVAILABLE"


class StoreError(GovGraphError):
    """The store failed a request for a reason of its own (not unreachable): a bug or a server fault."""

    code = "STORE_ERROR"


class QueryTimeoutError(GovGraphError):
    """A store query ran over its time budget and was cancelled."""

    code = "QUERY_TIMEOUT"


class CorruptStoreError(GovGraphError):
    """The embedded store's files on disk cannot be read back."""

    code = "CORRUPT_STORE"


class AuthenticationFailure(str, Enum):
    """Why a request's credentials were refused; stable, for clients to branch on."""

    NO_KEYS_CONFIGURED = "NO_KEYS_CONFIGURED"
    KEYS_UNAVAILABLE = "KEYS_UNAVAILABLE"
    MALFORMED_TOKEN = "MALFORMED_TOKEN"
    ALGORITHM_NOT_ALLOWED = "ALGORITHM_NOT_ALLOWED"
    UNKNOWN_KEY = "UNKNOWN_KEY"
    BAD_SIGNATURE = "BAD_SIGNATURE"
    TOKEN_EXPIRED = "TOKEN_EXPIRED"
    TOKEN_NOT_YET_VALID = "TOKEN_NOT_YET_VALID"
    WRONG_ISSUER = "WRONG_ISSUER"
    WRONG_AUDIENCE = "WRONG_AUDIENCE"
    MISSING_CLAIM = "MISSING_CLAIM"
    UNKNOWN_ROLE = "UNKNOWN_ROLE"
    BAD_DEPARTMENT = "BAD_DEPARTMENT"


class AuthenticationError(GovGraphError):
    """A request's credentials were refused (Art.5, Art.29: identity authentication); `reason` says why.

    The message never repeats the token or any part of it.
    """

    code = "UNAUTHENTICATED"

    def __init__(self, reason: AuthenticationFailure, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class ProblemList:
    """Collects problems while checking a whole input, so a caller can report the first one precisely."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, where: str, field_name: str, reason: str) -> None:
        self.problems.append(Problem(where, field_name, reason))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InvalidDataError(self.problems)
