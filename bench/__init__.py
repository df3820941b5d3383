"""Benchmarks (not tests): datasets, targets, load runs and reports. Run with `make bench`."""
