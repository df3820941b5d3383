"""The web app offers exactly the server's event types, each named in both of its languages."""

from __future__ import annotations

import json
import re

from rapport.core.domain_events import EVENT_TYPES
from tests.conftest import ROOT

FRONTEND = ROOT / "frontend" / "src"


def test_the_web_app_offers_every_event_type_and_names_it_in_both_languages() -> None:
    constants = (FRONTEND / "modules" / "admin" / "constants" / "webhookEventTypes.ts").read_text()
    offered = re.findall(r'"([a-z]+\.[a-z_]+)"', constants)
    assert sorted(offered) == sorted(EVENT_TYPES)
    for language in ("en", "zh-CN"):
        labels = json.loads((FRONTEND / "i18n" / "locales" / language / "admin.json").read_text())["integrations"]
        assert set(labels["events"]) == set(EVENT_TYPES), language
        assert all(text.strip() for text in labels["events"].values()), language
