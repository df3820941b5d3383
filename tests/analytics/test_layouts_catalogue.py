"""The backend's widget catalogue and the web app's (frontend/src/modules/layouts/widgetKinds.json) are one."""

from __future__ import annotations

import json
from pathlib import Path

from rapport.analytics.layouts.catalogue import WIDGET_KINDS

SPA = Path(__file__).resolve().parents[2] / "frontend" / "src" / "modules" / "layouts" / "widgetKinds.json"


def test_the_spa_catalogue_is_the_backend_catalogue() -> None:
    spa = json.loads(SPA.read_text(encoding="utf-8"))
    backend = {
        name: {"pages": sorted(kind.pages), "period": kind.period, "filters": sorted(kind.filters)}
        for name, kind in WIDGET_KINDS.items()
    }
    assert {
        name: {**entry, "pages": sorted(entry["pages"]), "filters": sorted(entry["filters"])}
        for name, entry in spa.items()
    } == backend
