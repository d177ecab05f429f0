"""Documents are parsed and validated once per query text and schema (`api.engine.documents`), with the limits'
rules; what does not parse is reported as without a cache, and the cache stays bounded."""

from __future__ import annotations

from typing import Any

import pytest

import api.engine.documents
from api.engine.documents import Documents
from api.engine.limits import Limits
from api.schema.build import build_schema


def _counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    calls = {"parse": 0, "validate": 0}
    parse, validate = api.engine.documents.parse, api.engine.documents.validate_document

    def counted_parse(*args: Any, **kwargs: Any) -> Any:
        calls["parse"] += 1
        return parse(*args, **kwargs)

    def counted_validate(*args: Any, **kwargs: Any) -> Any:
        calls["validate"] += 1
        return validate(*args, **kwargs)

    monkeypatch.setattr(api.engine.documents, "parse", counted_parse)
    monkeypatch.setattr(api.engine.documents, "validate_document", counted_validate)
    return calls


async def test_a_query_text_is_parsed_and_validated_once_per_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    schema = build_schema()
    for _ in range(3):
        result = await schema.execute("{ __typename }")
        assert result.errors is None and result.data == {"__typename": "Query"}
    assert calls == {"parse": 1, "validate": 1}
    refused = "{ " + " ".join(f"a{i}: __typename" for i in range(40)) + " }"  # over the aliases limit
    for _ in range(2):
        result = await schema.execute(refused)
        assert result.errors and "别名" in result.errors[0].message
    assert calls == {"parse": 2, "validate": 2}  # its errors are kept as well
    await build_schema().execute("{ __typename }")
    assert calls == {"parse": 3, "validate": 3}  # another schema has its own documents


async def test_the_rules_a_request_runs_are_part_of_what_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    closed = build_schema(introspection=False)
    result = await closed.execute("{ __schema { queryType { name } } }")
    assert result.errors and "introspection" in result.errors[0].message.lower()
    result = await build_schema().execute("{ __schema { queryType { name } } }")
    assert result.errors is None and result.data == {"__schema": {"queryType": {"name": "Query"}}}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param("{ __typename ", "语法错误", id="syntax"),
        pytest.param("{ " + "__typename " * 6000 + "}", "词法单元", id="too-many-tokens"),
    ],
)
async def test_what_does_not_parse_is_reported_as_without_a_cache_and_not_kept(query: str, message: str) -> None:
    schema = build_schema(Limits(max_tokens=5000))
    for _ in range(2):
        result = await schema.execute(query)
        assert result.data is None and result.errors and message in result.errors[0].message, result.errors


def test_documents_keep_the_most_recently_used() -> None:
    documents = Documents([], max_tokens=100, maxsize=2)
    first = documents.parsed("{ a }", {})
    assert first is not None
    documents.parsed("{ b }", {})
    assert documents.parsed("{ a }", {}) is first  # used again: now the most recent
    documents.parsed("{ c }", {})  # "{ b }" goes
    assert len(documents) == 2
    assert documents.parsed("{ a }", {}) is first
    assert documents.parsed("{ b }", {}) is not None and len(documents) == 2
    assert documents.parsed("{ a", {}) is None and len(documents) == 2
