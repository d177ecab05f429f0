"""`graph.validation`: relationships given no properties take their type's defaults, validated once."""

from __future__ import annotations

import pytest

from graph import validation
from graph.errors import InvalidDataError
from graph.labels import Label, RelType
from graph.records import NodeRef
from graph.relationships import RELATIONSHIPS

RESOURCE = NodeRef(Label.RESOURCE, "101001/000001")
PLATFORM = NodeRef(Label.PLATFORM, "SJS-PF-BDP")


@pytest.mark.parametrize("rel_type", list(RelType), ids=lambda t: t.value)
def test_no_properties_give_the_types_defaults(rel_type: RelType) -> None:
    spec = RELATIONSHIPS[rel_type]
    start_label, end_label = sorted(spec.endpoints)[0]
    start, end = NodeRef(start_label, "a"), NodeRef(end_label, "b")
    expected = spec.props.model_validate({}).to_props()
    assert validation.relationship(rel_type, start, end).props == expected
    assert validation.relationship(rel_type, start, end, {}).props == expected


def test_each_relationship_gets_its_own_properties() -> None:
    first = validation.relationship(RelType.DERIVED_FROM, RESOURCE, NodeRef(Label.RESOURCE, "101001/000002"))
    first.props["transform"] = "changed after the fact"
    second = validation.relationship(RelType.DERIVED_FROM, RESOURCE, NodeRef(Label.RESOURCE, "101001/000003"))
    assert "transform" not in second.props


def test_given_properties_are_still_validated_and_the_problem_placed() -> None:
    with pytest.raises(InvalidDataError) as raised:
        validation.relationship(RelType.AGGREGATED_ON, RESOURCE, PLATFORM, {"since": "not a date"}, where="line 3")
    problem = raised.value.problems[0]
    assert problem.where == f"line 3 AGGREGATED_ON {RESOURCE} -> {PLATFORM}"
    assert problem.field == "since"


def test_a_bad_node_names_its_label_and_key() -> None:
    with pytest.raises(InvalidDataError) as raised:
        validation.node(Label.PLATFORM, {"code": "SJS-PF-BDP", "name": "平台", "kind": "NOT_A_KIND"}, where="line 2")
    problem = raised.value.problems[0]
    assert problem.where == "line 2 Platform 「SJS-PF-BDP」"
    assert problem.field == "kind"
