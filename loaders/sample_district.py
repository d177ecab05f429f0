"""The sample district shipped with the package: Shijingshan as its departments would write it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from graph.store import GraphStore, Progress
from loaders.district_file import parse_district
from loaders.plan import LoadReport

SAMPLE = "district.yaml"
SAMPLE_SOURCE = f"sample:{SAMPLE}"  # how problems and reports name it


def sample_path() -> Path:
    """The sample district file inside the installed package."""
    return Path(str(resources.files("loaders") / "sample" / SAMPLE))


async def load_sample(store: GraphStore, progress: Progress | None = None) -> LoadReport:
    """Load the sample district into `store` (idempotent)."""
    path = sample_path()
    plan = parse_district(path.read_text(encoding="utf-8"), SAMPLE_SOURCE)
    return await plan.apply(store, progress)
