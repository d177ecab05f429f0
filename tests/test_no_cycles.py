"""No import cycle among our modules, at any depth: the import-linter contract "No import cycles"
(`acyclic_siblings`) checks the packages of each package against one another; this checks every module
against every other, a package's `__init__` and its own modules included, function-level imports too."""

from __future__ import annotations

import grimp
import networkx as nx

PACKAGES = ("graph", "lineage", "loaders", "api")


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    imports = nx.DiGraph((module, imported) for module in graph.modules for imported in graph.find_modules_directly_imported_by(module))
    cycles = [sorted(component) for component in nx.strongly_connected_components(imports) if len(component) > 1]
    assert not cycles, f"import cycles: {cycles}"
