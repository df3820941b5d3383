"""An uploaded or exported file (up to 50 MB, kept 7 days) is read only where it is used: a list of a user's imports
or exports, or any other load of their rows, never carries the files along, and reading one unasked raises."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql

from rapport.integrations.exports.models import ExportFile
from rapport.integrations.imports.models import ImportBatch


@pytest.mark.parametrize(("model", "column"), [(ImportBatch, "file_enc"), (ExportFile, "content_enc")])
def test_rows_load_without_their_files(model: type, column: str) -> None:
    loaded = str(select(model).compile(dialect=postgresql.dialect()))
    assert column not in loaded
    attribute = getattr(model, column).property
    assert attribute.deferred and attribute.strategy_key == (
        ("deferred", True),
        ("instrument", True),
        ("raiseload", True),
    )
