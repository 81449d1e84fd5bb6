"""Synthetic data at scale and the benchmark runner behind ``make bench``.

Run it with ``python -m bench --scale small|province|national`` from the repository root; see README.md.
"""
