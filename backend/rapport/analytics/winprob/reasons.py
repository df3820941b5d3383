"""Reasons in words for a win probability, and which viewers may read each kind of reason.

A reason is stored as `{"kind", "effect", "message"}`; its kind says what it reveals: `amount` (the deal's amount),
`activity` (follow-up on the customer), `history` (the customer's earlier deals) or `stage` (the pipeline).
"""

from __future__ import annotations

from typing import Any

from rapport.analytics.winprob.features import Deal
from rapport.analytics.winprob.model import contributions, prior_of
from rapport.core.authz.policy import Access, PrincipalPolicy, Scope
from rapport.core.i18n import Message, msg

#: Reasons kept per score.
TOP = 3
#: The field a viewer must read to see a reason of each kind (stage reasons: the opportunity's stage).
KIND_FIELDS = {
    "amount": "Opportunity.amount",
    "activity": "Activity.occurredAt",
    "history": "Opportunity.status",
    "stage": "Opportunity.stage",
}


def _words(name: str, deal: Deal, parameters: dict[str, Any], effect: float) -> tuple[str, Message] | None:
    days = round
    if name == "stage_prior_logit":
        rate = round(100 * prior_of(parameters["priors"], deal))
        return "stage", msg("{rate}% of the deals that reached this stage were won", rate=rate)
    if name == "days_since_activity":
        if deal.days_since_activity >= 90:
            return "activity", msg("No follow-up for 90 days or more")
        return "activity", msg("No follow-up for {days} days", days=days(deal.days_since_activity))
    if name == "activities_30d":
        return "activity", msg("{count} activities in the last 30 days", count=deal.activities_30d)
    if name == "quote_wait_days":
        if deal.quote_wait_days is None:
            return None
        return "activity", msg("Waited {days} days for a response at the quote stage", days=days(deal.quote_wait_days))
    if name == "earlier_won":
        return "history", msg("Customer won {count} earlier deals", count=deal.earlier_won)
    if name == "earlier_lost":
        return "history", msg("Customer lost {count} earlier deals", count=deal.earlier_lost)
    if name == "log_amount":
        amount = round(deal.amount)
        mean = parameters["mean"][parameters["features"].index(name)]
        return "amount", msg("Large amount ({amount})", amount=amount) if deal.value(name) > mean else msg(
            "Small amount ({amount})", amount=amount
        )
    if name == "days_in_stage":
        return "stage", msg("{days} days in the current stage", days=days(deal.days_in_stage))
    if name == "age_days":
        return "stage", msg("Open for {days} days", days=days(deal.age_days))
    if name == "stage_moves":
        return "stage", msg("{count} stage moves so far", count=deal.stage_moves)
    return None


def _reason(kind: str, effect: float, message: Message) -> dict[str, Any]:
    return {"kind": kind, "effect": 1 if effect >= 0 else -1, "message": message.to_json()}


def reasons_for(parameters: dict[str, Any], deal: Deal) -> list[dict[str, Any]]:
    """The top reasons of a deal's score: the features that pushed it furthest (a learned model), or its stage's
    rate and the notable facts (small data: priors only)."""
    pushes = contributions(parameters, deal)
    found: list[dict[str, Any]] = []
    if pushes:
        for name, effect in sorted(pushes.items(), key=lambda item: -abs(item[1])):
            words = _words(name, deal, parameters, effect)
            if words is not None and abs(effect) >= 0.05:
                found.append(_reason(words[0], effect, words[1]))
            if len(found) == TOP:
                break
        return found
    stage = _words("stage_prior_logit", deal, parameters, 0.0)
    assert stage is not None
    found.append(_reason(stage[0], 0.0, stage[1]))
    if deal.days_since_activity >= 14:
        quiet = _words("days_since_activity", deal, parameters, -1.0)
        assert quiet is not None
        found.append(_reason(quiet[0], -1.0, quiet[1]))
    if deal.quote_wait_days is not None and deal.quote_wait_days >= 5:
        wait = _words("quote_wait_days", deal, parameters, -1.0)
        assert wait is not None
        found.append(_reason(wait[0], -1.0, wait[1]))
    if deal.earlier_won:
        history = _words("earlier_won", deal, parameters, 1.0)
        assert history is not None
        found.append(_reason(history[0], 1.0, history[1]))
    return found[:TOP]


def visible_reasons(stored: list[dict[str, Any]], policy: PrincipalPolicy, locale: str) -> list[str]:
    """The stored reasons a viewer may read (each kind needs its field), in the viewer's language.

    A `history` reason counts all of the customer's earlier deals, whoever owns them: only a viewer who sees every
    opportunity reads it (a rep would otherwise learn of deals outside their row scope).
    """
    shown = []
    sees_all_deals = Scope.ALL in policy.scope("Opportunity")
    for reason in stored:
        kind = str(reason.get("kind"))
        field = KIND_FIELDS.get(kind)
        if field is None or policy.access(field) < Access.READ or (kind == "history" and not sees_all_deals):
            continue
        shown.append(Message.from_json(reason["message"]).render(locale))
    return shown
