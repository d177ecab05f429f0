"""The documentation's examples run against the sample district (issue 34): every ```console block of
docs/*.md and the README (each `$ command` in one shell, its output lines expected in what it prints),
and every ```graphql block (sent as the EIC, or as the token its first line names, answered without an
error or a user error), each page against its own `govgraph serve --sample`, as `scripts/serve` runs it.
The README's tour is docs/tour.md's, word for word."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.service_process import Service
from tests.conftest import ROOT

pytestmark = [pytest.mark.embedded, pytest.mark.slow]
EIC = "11110107836834283W"  # 区经济信息化委 in the sample district
URL = "http://127.0.0.1:8000"  # where the pages say the service is
BIN = Path(sys.executable).parent
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.M | re.S)
TOKEN_LINE = re.compile(r"^# token: govgraph token (.+)$")


@dataclass(frozen=True)
class Block:
    """A fenced example: its language, its text and the line it starts on."""

    kind: str
    text: str
    line: int


def examples(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    return [Block(m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1) for m in FENCE.finditer(text) if m.group(1) in ("console", "graphql")]


PAGES = [page for page in [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"] if examples(page)]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the sample district and the development keys, copied for each page."""
    data = tmp_path_factory.mktemp("docs") / "sample"
    for args in (["load-sample"], ["token", "--department", EIC, "--role", "EIC"]):
        done = subprocess.run([BIN / "govgraph", "--data-dir", data, *args], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    return data


@pytest.fixture
def service(sample: Path, tmp_path: Path) -> Iterator[Service]:
    data = tmp_path / "data"
    shutil.copytree(sample, data)
    running = Service(data)
    running.start("--sample", env={"GOVGRAPH_JWT_JWKS_FILE": str(data / "dev-keys" / "jwks.json")})
    try:
        yield running
    finally:
        running.stop()


def squeezed(text: str) -> str:
    """Text without whitespace: terminals wrap long lines wherever they like."""
    return re.sub(r"\s+", "", text)


def run_console(block: Block, service: Service, where: str) -> None:
    """Each `$ command` of the block in one bash, in the clone, on the served data directory."""
    steps: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps and line.strip():
            steps[-1][1].append(line)
    assert steps, f"{where}: a console block without a command"
    script = []
    outputs = Path(service.data_dir.parent) / "console"
    outputs.mkdir(exist_ok=True)
    for index, (command, _expected) in enumerate(steps):
        command = command.replace(".venv/bin/", f"{BIN}/").replace(URL, service.url)
        script.append(f"{command} > {outputs}/{index}.out 2>&1; echo $? > {outputs}/{index}.rc")
    env = {"PATH": f"{BIN}:/usr/bin:/bin", "COLUMNS": "200", "GOVGRAPH_DATA_DIR": str(service.data_dir), "HOME": str(service.data_dir.parent)}
    subprocess.run(["bash", "-c", "\n".join(script)], cwd=ROOT, env=env, check=False, timeout=300)
    for index, (command, expected) in enumerate(steps):
        output = (outputs / f"{index}.out").read_text(encoding="utf-8")
        code = int((outputs / f"{index}.rc").read_text())
        failing = any("error [" in line for line in expected)
        assert code != 0 if failing else code == 0, f"{where}: `{command}` exited {code}:\n{output}"
        for line in expected:
            assert squeezed(line) in squeezed(output), f"{where}: `{command}` did not print\n  {line}\nbut:\n{output}"


def user_errors(value: Any) -> list[Any]:
    """Every non-empty `userErrors` anywhere in an answer."""
    if isinstance(value, dict):
        found = [value["userErrors"]] if value.get("userErrors") else []
        return found + [e for v in value.values() for e in user_errors(v)]
    if isinstance(value, list):
        return [e for v in value for e in user_errors(v)]
    return []


def run_graphql(block: Block, service: Service, where: str) -> None:
    first = block.text.splitlines()[0]
    named = TOKEN_LINE.match(first)
    arguments = named.group(1).split() if named else ["--department", EIC, "--role", "EIC"]
    issued = subprocess.run([BIN / "govgraph", "--data-dir", service.data_dir, "token", *arguments], capture_output=True, text=True, check=False)
    assert issued.returncode == 0, f"{where}: {issued.stderr}"
    response = httpx.post(f"{service.url}/graphql", json={"query": block.text}, headers={"Authorization": f"Bearer {issued.stdout.strip()}"}, timeout=120)
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, f"{where}: {json.dumps(body, ensure_ascii=False)[:2000]}"
    assert user_errors(body["data"]) == [], f"{where}: {user_errors(body['data'])}"


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_the_examples_of_a_page_run_against_the_sample(page: Path, service: Service) -> None:
    for block in examples(page):
        where = f"{page.relative_to(ROOT)}:{block.line}"
        if block.kind == "console":
            run_console(block, service, where)
        else:
            run_graphql(block, service, where)


def test_the_readme_tour_is_the_docs_tour() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    begin, end = "<!-- tour:begin -->", "<!-- tour:end -->"
    assert begin in readme and end in readme, "the README's tour is between the tour markers"
    tour = readme.split(begin, 1)[1].split(end, 1)[0].replace("](docs/", "](")
    page = (ROOT / "docs" / "tour.md").read_text(encoding="utf-8").split("\n", 1)[1]  # without its title
    assert tour.strip() == page.strip(), "the README's tour and docs/tour.md differ: make them say the same"


def test_every_setting_is_documented() -> None:
    from dataclasses import fields

    from graph.settings import PREFIX, Settings

    documented = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [PREFIX + f.name.upper() for f in fields(Settings) if f"`{PREFIX + f.name.upper()}`" not in documented]
    assert missing == [], "docs/settings.md lacks these settings"


def test_every_variable_the_code_and_scripts_read_is_documented() -> None:
    """Beyond the settings object: the scripts' and the tests' own GOVGRAPH_* variables are on the page too."""
    documented = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    sources = [p for folder in ("api", "graph", "lineage", "loaders", "tests", "bench") for p in (ROOT / folder).rglob("*.py")]
    sources += [p for p in (ROOT / "scripts").iterdir() if p.is_file()] + [ROOT / ".ci" / "run"]
    named = {name for path in sources for name in re.findall(r"\bGOVGRAPH_[A-Z0-9_]*[A-Z0-9]\b", path.read_text(encoding="utf-8", errors="replace"))}
    not_variables = {"GOVGRAPH_ERROR"}  # graph/errors.py: the code of an error without its own
    missing = sorted(name for name in named - not_variables if f"`{name}" not in documented)
    assert missing == [], "docs/settings.md does not mention these variables"
