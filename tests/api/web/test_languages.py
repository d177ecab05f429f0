"""Every answer over HTTP speaks the language Accept-Language asks for: Chinese by default, English with `en`;
messages from each area (errors, userErrors, findings, verdicts, citation) in both, codes unchanged."""

from __future__ import annotations

from tests.api.conftest import Server
from tests.migration_builders import migration_district

VERDICT = '{ migrationVerdict(system: "SJS-GA-RK") { verdict exemptingRule reasons { rule article message } } }'
BAD_FIRST = "{ resources(first: 0) { totalCount } }"


async def test_an_error_is_chinese_by_default_and_english_on_request(server: Server) -> None:
    chinese = await server.gql(BAD_FIRST, expect_errors=True)
    english = await server.gql(BAD_FIRST, expect_errors=True, language="en-GB,en;q=0.9")
    assert chinese["errors"][0]["extensions"]["code"] == english["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT"
    assert chinese["errors"][0]["message"] == "first 须在 1 至 100 之间，实为 0"
    assert english["errors"][0]["message"] == "first must be between 1 and 100, got 0"


async def test_the_answer_says_its_language(server: Server) -> None:
    response = await server.client.post("/graphql", json={"query": BAD_FIRST}, headers={"Accept-Language": "en"})
    assert response.headers["content-language"] == "en" and "accept-language" in response.headers["vary"].lower()
    assert (await server.client.get("/health")).headers["content-language"] == "zh-CN"


async def test_a_verdict_names_its_department_in_either_language(server: Server) -> None:
    await migration_district(server.store)
    chinese = (await server.gql(VERDICT))["migrationVerdict"]
    english = (await server.gql(VERDICT, language="en"))["migrationVerdict"]
    assert chinese["verdict"] == english["verdict"] == "EXEMPT"
    assert [r["rule"] for r in chinese["reasons"]] == [r["rule"] for r in english["reasons"]]
    assert chinese["reasons"][0]["message"].startswith("由区公安分局运行") and "不迁移（Art.28）" in chinese["reasons"][0]["message"]
    assert english["reasons"][0]["message"].startswith("operated by 区公安分局") and "exempt from migration (Art.28)" in english["reasons"][0]["message"]


async def test_a_refused_token_is_explained_in_either_language(server: Server) -> None:
    import time

    import jwt

    from tests.api.conftest import SECRET

    claims = {"sub": "eic@test", "dept": "SJS-EIC", "roles": ["EIC"], "iss": "govgraph", "aud": "govgraph", "exp": int(time.time()) - 600}
    expired = jwt.encode(claims, SECRET, algorithm="HS256")
    for token, chinese, english in [
        (expired, "令牌已过期", "the token has expired"),
        ("not.a.jwt", "持有者令牌不是格式正确的 JWT", "the bearer token is not a well-formed JWT"),
    ]:
        headers = {"Authorization": f"Bearer {token}"}
        zh = await server.client.post("/graphql", json={"query": "{ me { subject } }"}, headers=headers)
        en = await server.client.post("/graphql", json={"query": "{ me { subject } }"}, headers={**headers, "Accept-Language": "en"})
        assert zh.status_code == en.status_code == 401
        assert zh.json()["errors"][0]["message"] == chinese and en.json()["errors"][0]["message"] == english
        assert zh.json()["errors"][0]["extensions"]["code"] == en.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
