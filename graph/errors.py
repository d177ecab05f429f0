"""Every error govgraph raises on purpose, rooted in one class with a machine-readable code.

`api/` maps these to GraphQL errors by class; the CLI prints their message and exits non-zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from graph.i18n import _, quote
from graph.labels import noun


class GovGraphError(Exception):
    """Root of govgraph's errors; `code` is stable and meant for clients to branch on."""

    code = "GOVGRAPH_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: where it is, which field, and what is wrong.

    `line` is the line of the field's own value in a file (0 when the input is not a file), by which a
    file's problems are listed; `code` is the problem's own code when it differs from its error's (a
    dangling reference among invalid fields) or when it is a note, not an error (`CUSTOM_THEME`).
    """

    where: str
    field: str
    reason: str
    line: int = 0
    code: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.reason}" if self.field else f"{self.where}: {self.reason}"


# The most problems one input reports: enough to fix a file in one go, few enough to read.
MAX_PROBLEMS = 200


class InvalidDataError(GovGraphError):
    """Structurally bad input (a bad code, an unknown enum value, a missing key…); nothing was stored.

    `problems` lists every problem found, up to MAX_PROBLEMS, in line order; `truncated` says there were more.
    """

    code = "INVALID_DATA"

    def __init__(self, problems: list[Problem], truncated: bool = False) -> None:
        self.problems = problems
        self.truncated = truncated
        first = str(problems[0]) if problems else _("invalid data")
        more = _(" (and {count} more)", count=len(problems) - 1) if len(problems) > 1 else ""
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
        super().__init__(_("{what} {key} does not exist", what=noun(label), key=quote(key)))
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
    """Collects the problems of a whole input, up to `cap`, to report them all at once in line order."""

    problems: list[Problem] = field(default_factory=list)
    cap: int = MAX_PROBLEMS
    truncated: bool = False

    @property
    def full(self) -> bool:
        """Whether the cap is reached: a reader may stop looking."""
        return len(self.problems) >= self.cap

    def add(self, where: str, field_name: str, reason: str, line: int = 0, code: str = "") -> None:
        self.extend([Problem(where, field_name, reason, line, code)])

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            if self.full:
                self.truncated = True
                return
            self.problems.append(problem)

    def error(self) -> InvalidDataError:
        """The error listing the problems by line (a dangling-reference error when every one is)."""
        ordered = sorted(self.problems, key=lambda p: p.line)
        dangling = all(p.code == DanglingReferenceError.code for p in ordered)
        return (DanglingReferenceError if dangling else InvalidDataError)(ordered, self.truncated)

    def raise_if_any(self) -> None:
        if self.problems:
            raise self.error()
