"""Benchmarks (`make bench`): each module here has `main() -> None` that prints its figures.

Figures are reported as ratios against a baseline measured in the same run; nothing here asserts a time.
"""
