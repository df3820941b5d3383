"""Per-request DataLoaders: each batch runs on its own session, so concurrent loaders never share one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from rapport.core.db import Database
from rapport.core.principal import Principal

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: A batch function: given a read session and keys, return one value per key, in key order.
BatchFn = Callable[[AsyncSession, Sequence[K]], Awaitable[Sequence[V]]]


#: A batch function that applies the caller's row scope.
ScopedBatchFn = Callable[[AsyncSession, Principal | None, Sequence[K]], Awaitable[Sequence[V]]]


class Loaders:
    """The DataLoaders of one request, created on first use and keyed by their batch function."""

    def __init__(self, db: Database, principal: Principal | None = None) -> None:
        self._db = db
        self._principal = principal
        self._loaders: dict[Hashable, DataLoader[Any, Any]] = {}

    def scoped(self, batch: ScopedBatchFn[K, V]) -> DataLoader[K, V]:
        """The request's loader for a batch function that also receives the caller (for row scopes)."""
        loader = self._loaders.get(batch)
        if loader is None:
            db, principal = self._db, self._principal

            async def load(keys: list[K]) -> Sequence[V]:
                async with db.read() as session:
                    return await batch(session, principal, keys)

            loader = DataLoader(load_fn=load)
            self._loaders[batch] = loader
        return loader

    def batch(self, key: Hashable, batch: ScopedBatchFn[K, V]) -> DataLoader[K, V]:
        """The request's loader named by `key` (e.g. a declared relation and its arguments), created from
        `batch` on first use; the batch function receives the caller for row scopes."""
        loader = self._loaders.get(key)
        if loader is None:
            db, principal = self._db, self._principal

            async def load(keys: list[K]) -> Sequence[V]:
                async with db.read() as session:
                    return await batch(session, principal, keys)

            loader = DataLoader(load_fn=load)
            self._loaders[key] = loader
        return loader

    def get(self, batch: BatchFn[K, V]) -> DataLoader[K, V]:
        """The request's loader for this batch function."""
        loader = self._loaders.get(batch)
        if loader is None:
            db = self._db

            async def load(keys: list[K]) -> Sequence[V]:
                async with db.read() as session:
                    return await batch(session, keys)

            loader = DataLoader(load_fn=load)
            self._loaders[batch] = loader
        return loader


#: Key of a page of children: (parent id, keyset position after which the page starts, rows to fetch).
PageKey = tuple[Hashable, tuple[Any, ...] | None, int]
#: Fetch up to `limit` children per parent after a position, for many parents at once.
ChildPageFn = Callable[
    [AsyncSession, Principal | None, Sequence[Any], tuple[Any, ...] | None, int], Awaitable[Sequence[V]]
]


def child_pages(
    loaders: Loaders, fetch: ChildPageFn[V], parent_of: Callable[[V], Hashable]
) -> DataLoader[PageKey, list[V]]:
    """A loader of child pages: keys asking for the same position and size share one query."""
    existing = loaders._loaders.get(fetch)
    if existing is not None:
        return existing
    db, principal = loaders._db, loaders._principal

    async def load(keys: list[PageKey]) -> list[list[V]]:
        groups: dict[tuple[tuple[Any, ...] | None, int], list[Hashable]] = {}
        for parent, after, limit in keys:
            groups.setdefault((after, limit), []).append(parent)
        found: dict[PageKey, list[V]] = {}
        async with db.read() as session:
            for (after, limit), parents in groups.items():
                rows = await fetch(session, principal, parents, after, limit)
                for row in rows:
                    found.setdefault((parent_of(row), after, limit), []).append(row)
        return [found.get(key, []) for key in keys]

    loader: DataLoader[PageKey, list[V]] = DataLoader(load_fn=load)
    loaders._loaders[fetch] = loader
    return loader
