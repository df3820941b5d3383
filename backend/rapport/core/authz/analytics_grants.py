"""The shipped policy's grants of the analytics domain: predictions and dashboard layouts (part of
`rapport.core.authz.defaults`, which renders them with the rest)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rapport.core.authz.defaults import _Rules

#: The analytics domain's root-field groups, part of `defaults.ROOTS`: (root type, group) -> fields.
ROOTS: dict[tuple[str, str], list[str]] = {
    ("Query", "predictionRuns"): ["predictionModelRuns", "predictionTrainingRequests"],
    ("Mutation", "predictionTraining"): ["predictionModelTrain"],
    ("Query", "dashboardLayouts"): ["dashboardLayout"],
    ("Mutation", "dashboardLayouts"): ["dashboardLayoutSave", "dashboardLayoutReset"],
    ("Query", "dashboardLayoutAdmin"): ["publishedDashboardLayouts"],
    ("Mutation", "dashboardLayoutAdmin"): ["dashboardLayoutPublish", "dashboardLayoutUnpublish"],
    ("Query", "winProbability"): ["winForecast", "lostDealRetrospective", "opportunityRetrospective"],
    ("Query", "churnRisk"): ["customersAtRisk"],
}

LAYOUT_GROUPS = ["DashboardLayout.all", "DashboardWidget.all"]


def _layouts(r: _Rules) -> None:
    # Every staff role arranges its own home and dashboards pages (and resets its own layout); administrators also
    # publish layouts to roles, list them and reset anyone's.
    from rapport.core.authz.defaults import STAFF

    for role in STAFF:
        r.fields(role, LAYOUT_GROUPS, "write")
        r.roots(role, "Query", "dashboardLayouts")
        r.roots(role, "Mutation", "dashboardLayouts")
    r.fields("admin", LAYOUT_GROUPS, "write")
    r.roots("admin", "Query", "dashboardLayouts", "dashboardLayoutAdmin")
    r.roots("admin", "Mutation", "dashboardLayouts", "dashboardLayoutAdmin")


RUN_GROUPS = ["PredictionModelRun.all", "PredictionRunBin.all", "PredictionTrainingRequest.all"]


def _runs(r: _Rules) -> None:
    # How well the models do (measures, calibration, promotion) and where the trainings asked for stand:
    # administrators and analysts. Only administrators ask for a training now.
    for role in ("admin", "analyst"):
        r.fields(role, RUN_GROUPS, "read")
        r.roots(role, "Query", "predictionRuns")
    r.roots("admin", "Mutation", "predictionTraining")


#: Product affinity's field groups and roots (`rapport.analytics.policy`).
AFFINITY_GROUPS = ["Customer.affinity", "ProductAffinityRule.all", "CrossSellSuggestion.all", "ProductTarget.all"]
AFFINITY_ROOTS = ("productAffinityRules", "productTargets")
#: Who reads cross-sell suggestions, rules and targets: the roles that read customers' orders for business (sales,
#: marketing, analysts; admins read everything). Service agents and integrators read orders for other ends and do
#: not get purchase patterns; targets are ranked within the caller's Customer row scope.
AFFINITY_ROLES = ("sales_rep", "marketing", "analyst")


def _affinity(r: _Rules) -> None:
    for role in AFFINITY_ROLES:
        r.fields(role, AFFINITY_GROUPS, "read")
        r.lines += [f"p, {role}, Query.{name}, read" for name in AFFINITY_ROOTS]


CHURN_GROUPS = ["Customer.churn", "ChurnRisk.all", "ChurnReason.all"]
#: Who reads churn risk: the sales roles, the service roles, marketing and analysts (admins read everything);
#: integrators and portal customers do not. Which reasons each sees follows their access to the source fields.
#: The same roles list the customers at risk (`customersAtRisk`), within their Customer row scope.
CHURN_READERS = ("admin", "sales_rep", "service_agent", "marketing", "analyst")


def _churn(r: _Rules) -> None:
    for role in CHURN_READERS:  # managers, directors and supervisors inherit from these
        r.fields(role, CHURN_GROUPS, "read")
        r.roots(role, "Query", "churnRisk")


WIN_GROUPS = [
    "Opportunity.winProbability",
    "OpportunityWinProbability.all",
    "WinForecast.all",
    "LostDealRetrospective.all",
    "RetrospectiveFactor.all",
]


def _win(r: _Rules) -> None:
    # Win probability, the forecast and the retrospective: whoever works or analyses deals, within their Opportunity
    # row scope (reasons and factors about amounts or activities only for those who may read them). Service and
    # marketing read no opportunities, so they get none; integrators and the portal neither.
    for role in ("sales_rep", "analyst", "admin"):
        r.fields(role, WIN_GROUPS, "read")
        r.roots(role, "Query", "winProbability")


def grant(r: _Rules) -> None:
    """Every analytics grant."""
    _runs(r)
    _layouts(r)
    _affinity(r)
    _churn(r)
    _win(r)
