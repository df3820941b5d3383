"""Per-request DataLoaders: each batch runs on its own session, so concurrent loaders never share one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from rapport.core.db import Database

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: A batch function: given a read session and keys, return one value per key, in key order.
BatchFn = Callable[[AsyncSession, Sequence[K]], Awaitable[Sequence[V]]]


class Loaders:
    """The DataLoaders of one request, created on first use and keyed by their batch function."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._loaders: dict[Callable[..., Any], DataLoader[Any, Any]] = {}

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
