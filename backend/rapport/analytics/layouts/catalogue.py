"""The catalogue of dashboard widgets: every kind a layout may hold, on which pages, whether it takes its own
period, and which filter keys it takes. The web app's catalogue is frontend/src/modules/layouts/widgetKinds.json;
tests/analytics/test_layouts_catalogue.py holds the two equal. A new widget (a prediction...) is added to both."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WidgetKind:
    """What a kind of widget accepts."""

    pages: frozenset[str]
    period: bool
    filters: frozenset[str] = frozenset()


def _dashboard(*filters: str) -> WidgetKind:
    return WidgetKind(frozenset({"dashboards"}), True, frozenset(filters))


_HOME = WidgetKind(frozenset({"home"}), False)

#: Every widget kind by name.
WIDGET_KINDS: dict[str, WidgetKind] = {
    "funnel": _dashboard(),
    "forecast": _dashboard(),
    "revenueByRegion": _dashboard(),
    "revenueByMonth": _dashboard(),
    "revenueByRep": _dashboard(),
    "csat": _dashboard(),
    "csatByAgent": _dashboard(),
    "ticketVolume": _dashboard(),
    "rfm": _dashboard("grades"),
    "customersByRegion": _dashboard("grades"),
    "customersByIndustry": _dashboard("grades"),
    "customersByGrade": _dashboard(),
    # predictions (offered in the catalogue, not on the default layout)
    "winForecast": _dashboard(),
    "lostDealRetrospective": _dashboard(),
    "customersAtRisk": WidgetKind(frozenset({"dashboards"}), False),  # now, whatever the page's period
    **dict.fromkeys(
        (
            "teamPerformance",
            "myTarget",
            "homeFunnel",
            "approvals",
            "serviceOverview",
            "escalations",
            "customerSegments",
            "myTickets",
            "myTasks",
            "myOpportunities",
            "poolWatchlist",
            "newLeads",
        ),
        _HOME,
    ),
}

#: The periods a widget may take instead of the page's (null: the page's period picker decides).
PERIODS = ("month", "quarter", "year")
#: Values of each filter key (each filter is a list of these).
FILTER_VALUES: dict[str, frozenset[str]] = {"grades": frozenset({"A", "B", "C", "D"})}
