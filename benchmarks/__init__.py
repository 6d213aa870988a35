"""Benchmarks: a synthetic corpus maker and the whole-build benchmark (benchmarks.run)."""
