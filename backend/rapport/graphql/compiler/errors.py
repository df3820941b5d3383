"""The compiler's one exception."""

from __future__ import annotations


class NotCompiled(Exception):
    """This operation (or these arguments) is not for the compiler; the resolvers answer it."""
