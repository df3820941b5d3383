"""The analytics domain's field groups of the shipped policy (granted in `rapport.core.authz.analytics_grants`)."""

from __future__ import annotations

POLICY_FIELDS: dict[str, list[str]] = {
    # dashboard layouts: what a viewer arranges on the home and dashboards pages
    "DashboardLayout.all": ["page", "source", "role", "version", "widgets", "updatedAt"],
    "DashboardWidget.all": ["id", "kind", "x", "y", "w", "h", "period", "filters"],
}
