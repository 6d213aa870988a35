"""Extraction quality evaluation: gold annotations, scorer and CI floor."""
