"""The docker-compose topology scales the app: replicas behind a proxy that finds them all, no host port per
replica, a separate job worker, and the proxy's addresses trusted for X-Forwarded-For. (No Docker engine runs here;
the same topology runs as processes in tests/core/test_web_processes.py and tests/support/test_subscriptions.py.)"""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.conftest import ROOT


def _compose() -> dict[str, Any]:
    found: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return found


def test_the_app_runs_as_replicas_behind_a_proxy_with_no_host_port_of_their_own() -> None:
    services = _compose()["services"]
    app, proxy, worker = services["app"], services["proxy"], services["worker"]
    assert "ports" not in app, "a fixed host port would allow one replica only"
    assert str(app["deploy"]["replicas"]).startswith("${APP_REPLICAS")
    assert "--no-jobs" in app["command"] and worker["command"] == ["rapport", "worker"]
    assert proxy["ports"] == ["8000:8000"]
    mounted = {volume.split(":")[0]: volume.split(":")[1] for volume in proxy["volumes"]}
    assert mounted["./deploy/Caddyfile"] == "/etc/caddy/Caddyfile"
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    # Every replica's address, looked up again as replicas come and go, on the app's port.
    assert re.search(r"dynamic a app 8000", caddyfile)
    assert "TRUSTED_PROXIES" in _compose()["x-rapport-env"]
