"""Prometheus metrics on the request path: a labelled metric's children found once, not on every request.

`Histogram.labels(...)` validates and joins its label values and takes a lock each time it is called: a few
microseconds, twice for every request (its HTTP route and its GraphQL operation). `Children` keeps each child the
first time its label values are seen. Callers pass label values from a bounded set (routes, status codes, the
bounded operation names of `rapport.graphql.extensions`), so the mapping stays small.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from prometheus_client.metrics import MetricWrapperBase

M = TypeVar("M", bound=MetricWrapperBase)


class Children(Generic[M]):
    """A labelled metric's children by their label values (positional, in the metric's label order)."""

    def __init__(self, metric: M) -> None:
        self.metric = metric
        self._found: dict[tuple[str, ...], M] = {}

    def __call__(self, *values: str) -> M:
        child = self._found.get(values)
        if child is None:
            child = self._found[values] = self.metric.labels(*values)
        return child


__all__ = ["Children"]
