"""Benchmarks of govgraph: `python -m bench.run --scale 1 --scale 10` (see bench/RESULTS.md)."""
