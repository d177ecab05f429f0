"""GraphQL enums of migration planning (Art.15, Art.27–28), made from the `lineage` enums (values keep their codes)."""

from __future__ import annotations

from api.schema.enums import described as _enum
from lineage import consolidation, estate, migration, verdicts


MigrationVerdict = _enum(verdicts.Verdict, "MigrationVerdict", "What the migration does with a system (Art.15, Art.28).", {
    "ON_GOVERNMENT_CLOUD": "Already on the district government cloud (区政务云): nothing to move.",
    "MUST_MIGRATE": "Moves to the government cloud (Art.28).",
    "EXEMPT": "Exempt from migration: security department, classified, or protection level 4+ (Art.28).",
    "RETIRE_TO_PLATFORM": "A cross-department/level/domain sharing system: retires onto the platform (Art.15).",
    "MUNICIPAL": "Run on or by the municipality: not the district's to move (our design, Art.4).",
    "RETIRED": "Retired (已下线): nothing to move.",
})
Exemption = _enum(verdicts.Exemption, "Exemption", "An exempting rule of Art.28.", {
    "SECURITY_DEPARTMENT": "Operated by public security, state security or a similar department.",
    "CLASSIFIED": "A classified (涉密) system.",
    "PROTECTION_LEVEL": "Information security protection level (等级保护) 4 or above.",
})
DependencyKind = _enum(estate.DependencyKind, "DependencyKind", "Why one system needs another's data.", {
    "INTERFACE": "An interface: (A)-[:EXCHANGES_WITH]->(B), A takes data from B.",
    "DERIVED_DATA": "A holds a resource derived from one B holds.",
    "USE_VIA": "Uses of a resource B holds go through A.",
})
PlacementReasonKind = _enum(migration.ReasonKind, "PlacementReasonKind", "Why a system is in its wave.", {
    "PINNED": "The planner pinned it there.",
    "MOVES_WITH": "It needs, and is needed by, other systems (a cycle): they move in one wave.",
    "AFTER_DEPENDENCY": "It moves after a system whose data it needs.",
    "NO_DEPENDENCY": "It needs no other planned system's data: the first wave with room.",
    "WAVE_FULL": "Earlier waves were full (capacity per wave).",
    "OVERSIZED": "Its group is larger than the capacity: it takes a wave alone.",
    "PIN_BEFORE_DEPENDENCY": "Pinned before a system whose data it needs: a cross-environment link meanwhile.",
    "OVER_CAPACITY": "Pins put more systems in its wave than the capacity.",
})
LinkKind = _enum(migration.LinkKind, "PlanLinkKind", "A dependency the plan cannot make local.", {
    "CROSS_ENVIRONMENT": "The other system stays off the government cloud (exempt or municipal).",
    "OUTSIDE_PLAN": "The other system moves too, but is not of the departments planned.",
})
CloudAction = _enum(verdicts.CloudAction, "CloudAction", "What becomes of a departmental cloud (Art.28).", {
    "RETIRE": "Retire it once its systems have migrated.",
    "BRING_UNDER_GOVERNMENT_CLOUD": "Some of its systems are exempt and stay: bring it under the government cloud.",
})
ConsolidationScope = _enum(consolidation.Scope, "ConsolidationScope", "Which pairs of systems.", {
    "WITHIN_DEPARTMENT": "Two systems of one department.",
    "ACROSS_DEPARTMENTS": "Systems of two departments.",
})
