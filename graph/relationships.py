"""Which relationships may join which labels, and the properties each may carry (DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from graph import identifiers as ids
from graph.labels import Label, RelType

L = Label


class RelProps(BaseModel):
    """Properties of a relationship; most carry none."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    def to_props(self) -> dict[str, Any]:
        # As `Entity.to_props`: `model_dump(mode="json", exclude_none=True)` without its wrapper.
        props: dict[str, Any] = self.__pydantic_serializer__.to_python(self, mode="json", exclude_none=True)
        return props


class DerivedFromProps(RelProps):
    """A lineage step: the transform, the system that ran it, and whether it desensitised (Art.23)."""

    transform: Annotated[str, Field(min_length=1, max_length=400)] | None = None
    system: Annotated[str, AfterValidator(ids.internal_code)] | None = None
    desensitisation: bool = False


class CollectsProps(RelProps):
    """Collection at source; `legal_requirement` records a law that requires collecting it again (Art.12)."""

    legal_requirement: Annotated[str, Field(min_length=1, max_length=400)] | None = None


class DatedProps(RelProps):
    """A relationship that happened on a date (aggregation, publication)."""

    since: date | None = None


@dataclass(frozen=True)
class RelSpec:
    """The label pairs a relationship type may join, and its property model."""

    endpoints: frozenset[tuple[Label, Label]]
    props: type[RelProps] = RelProps

    @property
    def has_props(self) -> bool:
        """Whether the type has properties at all (most have none: nothing of theirs is stored)."""
        return bool(self.props.model_fields)


def _spec(*pairs: tuple[Label, Label], props: type[RelProps] = RelProps) -> RelSpec:
    return RelSpec(frozenset(pairs), props)


RELATIONSHIPS: dict[RelType, RelSpec] = {
    RelType.SUBORDINATE_TO: _spec((L.DEPARTMENT, L.DEPARTMENT)),
    RelType.OPERATES: _spec((L.DEPARTMENT, L.SYSTEM), (L.DEPARTMENT, L.PLATFORM)),
    RelType.MAINTAINS: _spec((L.DEPARTMENT, L.CATALOG)),
    RelType.PROVIDES: _spec((L.DEPARTMENT, L.RESOURCE)),
    RelType.LISTED_IN: _spec((L.RESOURCE, L.CATALOG)),
    RelType.HAS_ITEM: _spec((L.RESOURCE, L.DATA_ITEM)),
    RelType.HOLDS: _spec((L.SYSTEM, L.RESOURCE)),
    RelType.HOSTED_ON: _spec((L.SYSTEM, L.PLATFORM)),
    RelType.AGGREGATED_ON: _spec((L.RESOURCE, L.PLATFORM), props=DatedProps),
    RelType.PUBLISHED_ON: _spec((L.RESOURCE, L.PLATFORM), props=DatedProps),
    RelType.DERIVED_FROM: _spec(
        (L.RESOURCE, L.RESOURCE), (L.DATA_ITEM, L.DATA_ITEM), props=DerivedFromProps
    ),
    RelType.EXCHANGES_WITH: _spec((L.SYSTEM, L.SYSTEM)),
    RelType.ACTS_FOR: _spec((L.CONSUMER, L.DEPARTMENT)),
    RelType.REQUESTS: _spec((L.CONSUMER, L.USE)),
    RelType.OF: _spec((L.USE, L.RESOURCE)),
    RelType.VIA: _spec((L.USE, L.SYSTEM)),
    RelType.CITES: _spec((L.CITATION, L.RESOURCE)),
    RelType.UNDER: _spec((L.CITATION, L.USE)),
    RelType.COLLECTS: _spec((L.DEPARTMENT, L.DATA_ITEM), props=CollectsProps),
    RelType.GUIDES: _spec((L.DEPARTMENT, L.DEPARTMENT)),
    RelType.CONTRIBUTES_TO: _spec((L.DEPARTMENT, L.CATALOG)),
    RelType.RUNS: _spec((L.DEPARTMENT, L.PROJECT)),
    RelType.BUILDS: _spec((L.PROJECT, L.SYSTEM)),
    RelType.AFFECTS: _spec((L.CATALOG_CHANGE, L.CATALOG)),
    RelType.ADDRESSED_TO: _spec((L.OPEN_REQUEST, L.DEPARTMENT), (L.ERROR_REPORT, L.DEPARTMENT)),
    RelType.CONCERNS: _spec(
        (L.OPEN_REQUEST, L.RESOURCE),
        (L.ERROR_REPORT, L.RESOURCE),
        (L.ORDER, L.RESOURCE),
        (L.ORDER, L.SYSTEM),
        (L.ORDER, L.CATALOG),
        (L.ORDER, L.PROJECT),
    ),
    RelType.RAISED_BY: _spec((L.DATA_DEMAND, L.CONSUMER), (L.DATA_DEMAND, L.DEPARTMENT)),
    RelType.ASSIGNED_TO: _spec((L.DATA_DEMAND, L.DEPARTMENT)),
    RelType.FULFILLED_BY: _spec((L.DATA_DEMAND, L.RESOURCE)),
    RelType.REPORTED_BY: _spec((L.ERROR_REPORT, L.CONSUMER)),
    RelType.PLANNED_BY: _spec((L.OPEN_PLAN, L.DEPARTMENT)),
    RelType.ORDERS: _spec((L.ORDER, L.DEPARTMENT)),
}
