"""What every mutation answers: the object as stored, or typed user errors (expected failures are data,
not raised GraphQL errors)."""

from __future__ import annotations

from typing import Generic, TypeVar

import strawberry

T = TypeVar("T")


@strawberry.type(description="Why a mutation did not apply: where in the input, what is wrong, and a code.")
class UserError:
    field: list[str] = strawberry.field(description="Path to the input field, e.g. [\"input\", \"shareType\"]; empty when no one field is at fault.")
    message: str = strawberry.field(description="What is wrong, in words.")
    code: str = strawberry.field(
        description="INVALID_DATA, CONFLICT (stale version or existing code), NOT_FOUND, FORBIDDEN, ILLEGAL_TRANSITION "
        "(the record's state does not allow the act; the message names the state), CALENDAR_YEAR_UNKNOWN (a deadline "
        "falls in a year whose holidays are not loaded) or PERMISSION_REQUIRED (a citation the rules do not allow)."
    )


@strawberry.type(description="The result of a mutation: the object as stored, or the user errors.")
class Payload(Generic[T]):
    result: T | None = strawberry.field(description="The object as stored after the change; null when it did not apply.")
    user_errors: list[UserError] = strawberry.field(description="Why it did not apply; empty when it did.")
