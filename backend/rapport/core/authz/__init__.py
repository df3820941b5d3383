"""Authorization: the Casbin policy compiled into per-role field masks and row scopes, enforced on every path."""
