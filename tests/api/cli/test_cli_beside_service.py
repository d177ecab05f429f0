"""The command line beside a running `govgraph serve` on the embedded store (issue 34): the reading
commands read a consistent view of the data directory the service holds, and the writing commands go
through the service, all-or-nothing as when it is stopped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.cli.test_cli import DATA, govgraph
from tests.api.service_process import Service

pytestmark = [pytest.mark.embedded, pytest.mark.slow]


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    running = Service(tmp_path / "store")
    running.start("--sample")
    try:
        yield running
    finally:
        running.stop()


def test_reading_commands_answer_while_the_service_runs(service: Service, tmp_path: Path) -> None:
    target = ["--data-dir", str(service.data_dir)]
    lineage = govgraph(target, "lineage", "101001/000001", "--direction", "downstream", "--depth", "1", "--format", "json")
    assert lineage.returncode == 0, lineage.stderr
    assert any(node["code"] == "101011/000001" for node in json.loads(lineage.stdout)["nodes"])  # 人口综合信息库
    impact = govgraph(target, "impact", "101001/000001", "--format", "json")
    assert impact.returncode == 0 and json.loads(impact.stdout)["derived"], impact.stderr
    stats = govgraph(target, "stats", "--json")
    assert stats.returncode == 0 and json.loads(stats.stdout)["labels"]["Resource"] == 509, stats.stderr
    report = govgraph(target, "report", "--year", "2025", "--out", str(tmp_path / "report.html"))
    assert report.returncode == 0 and "295 findings" in report.stdout, report.stderr
    exported = govgraph(target, "export", str(tmp_path / "graph.jsonl"))
    assert exported.returncode == 0, exported.stderr
    assert httpx.get(f"{service.url}/ready").status_code == 200  # the service never noticed


def stats_of(target: list[str]) -> dict[str, dict[str, int]]:
    """The store's counts, less the audit trail (which records refused loads too)."""
    found = govgraph(target, "stats", "--json")
    assert found.returncode == 0, found.stderr
    counts: dict[str, dict[str, int]] = json.loads(found.stdout)
    counts["labels"].pop("AuditEvent", None)
    return counts


def test_load_goes_through_the_service_and_a_broken_file_changes_nothing(service: Service, tmp_path: Path) -> None:
    target = ["--data-dir", str(service.data_dir)]
    catalog = tmp_path / "catalog.csv"
    catalog.write_bytes((DATA / "catalog-national.csv").read_bytes())
    loaded = govgraph(target, "load", str(catalog))
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.startswith(f"loaded {catalog}: ") and "经由正在运行的服务写入" in loaded.stderr
    answer = httpx.post(f"{service.url}/graphql", json={"query": '{ resource(code: "201001/000001") { name } }'}).json()
    assert answer["data"]["resource"]["name"] == "企业信用信息"  # the service serves it at once (an open resource)
    before = stats_of(target)
    bad = tmp_path / "bad.csv"
    bad.write_text(catalog.read_text(encoding="utf-8").replace("每月", "每刻", 1), encoding="utf-8")
    refused = govgraph(target, "load", str(bad))
    assert refused.returncode == 1
    assert f"error [INVALID_DATA] {bad}:4 更新周期: 「每刻」不是可识别的取值" in refused.stderr
    assert stats_of(target) == before
    missing = govgraph(target, "load", str(tmp_path / "missing.csv"))
    assert missing.returncode == 1 and "missing.csv" in missing.stderr


def test_import_and_load_sample_go_through_the_service_and_are_audited(service: Service, tmp_path: Path) -> None:
    target = ["--data-dir", str(service.data_dir)]
    exported = tmp_path / "graph.jsonl"
    assert govgraph(target, "export", str(exported)).returncode == 0
    imported = govgraph(target, "import", str(exported), env={"USER": "ops-test"})
    assert imported.returncode == 0 and imported.stdout.startswith("imported "), imported.stderr
    sample = govgraph(target, "load-sample")
    assert sample.returncode == 0 and "loaded sample:district.yaml" in sample.stdout, sample.stderr
    holidays = govgraph(target, "holidays", "load", str(tmp_path / "2027.yaml"))
    assert holidays.returncode == 1 and "load 和 import 会经由它写入" in holidays.stderr
    trail = [line for line in exported_lines(target, tmp_path) if '"node":"AuditEvent"' in line]
    assert any('"action":"importExport' in line and '"principal":"operator:ops-test"' in line and '"outcome":"OK"' in line for line in trail)


def exported_lines(target: list[str], tmp_path: Path) -> list[str]:
    path = tmp_path / "after.jsonl"
    assert govgraph(target, "export", str(path)).returncode == 0
    return path.read_text(encoding="utf-8").splitlines()


def test_without_the_service_writes_open_the_store_again(tmp_path: Path) -> None:
    service = Service(tmp_path / "store")
    service.start("--sample", "--max-load-bytes", "4096")
    target = ["--data-dir", str(service.data_dir)]
    try:
        assert (service.data_dir / "service.json").stat().st_mode & 0o777 == 0o600
        too_big = govgraph(target, "load", str(DATA / "catalog-district-real.csv"))
        assert too_big.returncode == 1 and "[PAYLOAD_TOO_LARGE]" in too_big.stderr and "4,096" in too_big.stderr
    finally:
        service.stop()
    assert not (service.data_dir / "service.json").exists()
    loaded = govgraph(target, "load", str(DATA / "catalog-national.csv"))
    assert loaded.returncode == 0 and "经由" not in loaded.stderr, loaded.stderr


def test_a_killed_service_s_file_is_ignored(tmp_path: Path) -> None:
    service = Service(tmp_path / "store")
    service.start("--sample")
    assert service.process is not None
    service.process.kill()  # no chance to remove service.json
    service.process.wait(timeout=30)
    assert (service.data_dir / "service.json").exists()
    loaded = govgraph(["--data-dir", str(service.data_dir)], "load", str(DATA / "catalog-national.csv"))
    assert loaded.returncode == 0 and "经由" not in loaded.stderr, loaded.stderr
