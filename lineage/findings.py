"""A compliance finding: a rule of the Measures that something in the graph breaks."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from graph.records import NodeRef


class Severity(str, Enum):
    """How grave a finding is."""

    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"


@dataclass(frozen=True)
class Finding:
    """`subject` breaks `rule` (of `article`); `related` are the other nodes the message names."""

    rule: str
    article: str
    severity: Severity
    subject: NodeRef
    message: str
    related: tuple[NodeRef, ...] = field(default=())
