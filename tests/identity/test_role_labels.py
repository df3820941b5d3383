"""Every role the shipped policy has is one the web app names, in both its languages (no raw "customer")."""

from __future__ import annotations

import json
import re

from tests.conftest import ROOT

FRONTEND = ROOT / "frontend" / "src"


def test_the_web_app_labels_every_shipped_role_in_both_languages() -> None:
    policy = (ROOT / "backend" / "rapport" / "core" / "authz" / "default_policy.csv").read_text()
    shipped = {m.group(1) for m in re.finditer(r"^[pg], (\w+),", policy, re.M)}
    assert {"customer", "service_agent", "sales_rep"} <= shipped
    names = (FRONTEND / "modules" / "auth" / "utils" / "roleNames.ts").read_text()
    listed = set(re.findall(r'^\s+"(\w+)",$', names.split("ROLE_NAMES = [")[1].split("]")[0], re.M))
    assert listed == shipped
    for language in ("zh-CN", "en"):
        labels = json.loads((FRONTEND / "i18n" / f"{language}.json").read_text())["roles"]
        assert set(labels) == shipped, language
        assert all(labels[role] and labels[role] != role for role in shipped), language
