"""Benchmarks at national scale: a generated data set and measurements over it (see README)."""
