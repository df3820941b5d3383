"""Opportunities through the pipeline: approval gates, winning into orders, losing with a reason, history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from rapport.activities.models import Notification
from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from tests import factories
from tests.conftest import GraphQLClient
from tests.sales.conftest import Sales, call

ERRORS = "userErrors { field code message }"
OPP = "opportunity { id version status amount stage { key } pendingApproval { id status } }"
MOVE = f"{OPP} moved approval {{ id status amount toStage {{ key }} requestedBy {{ email }} }} {ERRORS}"


async def _opportunity(
    gql: GraphQLClient, sales: Sales, db: Database, amount: str, name: str = "Deal"
) -> dict[str, Any]:
    customer = await factories.customer(db, sales.rep, f"{name} Customer")
    await gql.login("rep@demo.example")
    payload = await call(
        gql,
        "opportunityCreate",
        "OpportunityCreateInput",
        {"customerId": to_global_id("Customer", customer.id), "name": name, "amount": amount},
        f"{OPP} {ERRORS}",
    )
    assert payload["userErrors"] == [], payload
    opportunity: dict[str, Any] = payload["opportunity"]
    return opportunity


async def _move(gql: GraphQLClient, opportunity_id: str, stage_id: str, **extra: Any) -> dict[str, Any]:
    return await call(
        gql,
        "opportunityMoveStage",
        "OpportunityMoveStageInput",
        {"id": opportunity_id, "stageId": stage_id, **extra},
        MOVE,
    )


async def test_a_big_quote_waits_for_a_director_and_moves_only_when_approved(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    opp = await _opportunity(gql, sales, db, "150000")
    assert opp["stage"] == {"key": "needs_analysis"} and opp["status"] == "OPEN"
    asked = await _move(gql, opp["id"], sales.stages["quote"])
    assert asked["moved"] is False and asked["userErrors"] == []
    assert asked["opportunity"]["stage"] == {"key": "needs_analysis"}  # blocked until approved
    approval = asked["approval"]
    assert approval["status"] == "PENDING" and approval["toStage"] == {"key": "quote"}
    assert approval["amount"] == "150000.00" and approval["requestedBy"] == {"email": "rep@demo.example"}
    again = await _move(gql, opp["id"], sales.stages["quote"])
    assert again["userErrors"][0]["code"] == "APPROVAL_PENDING"
    # Neither the rep nor their manager may decide.
    for who in ("rep@demo.example", "manager@demo.example"):
        await gql.login(who)
        denied = await gql(
            "mutation($i: ApprovalDecideInput!) { approvalDecide(input: $i) { approval { id } } }",
            {"i": {"id": approval["id"], "approve": True}},
        )
        assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await gql.login("director@demo.example")
    pending = await gql("{ approvals { totalCount nodes { id opportunity { name } } } }")
    assert pending["data"]["approvals"]["nodes"] == [{"id": approval["id"], "opportunity": {"name": "Deal"}}]
    decided = await call(
        gql,
        "approvalDecide",
        "ApprovalDecideInput",
        {"id": approval["id"], "approve": True, "comment": "Go"},
        f"approval {{ status comment decidedBy {{ email }} }} opportunity {{ stage {{ key }} }} {ERRORS}",
    )
    assert decided == {
        "approval": {"status": "APPROVED", "comment": "Go", "decidedBy": {"email": "director@demo.example"}},
        "opportunity": {"stage": {"key": "quote"}},
        "userErrors": [],
    }
    twice = await call(gql, "approvalDecide", "ApprovalDecideInput", {"id": approval["id"], "approve": False}, ERRORS)
    assert twice["userErrors"][0]["code"] == "ALREADY_DECIDED"
    await gql.login("rep@demo.example")
    note = await gql("{ notifications { nodes { kind title } } }")
    assert {"kind": "approval_approved", "title": "Deal: approved"} in note["data"]["notifications"]["nodes"]


async def test_a_rejected_quote_stays_where_it_was_and_the_rep_hears_why(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    opp = await _opportunity(gql, sales, db, "250000")
    approval = (await _move(gql, opp["id"], sales.stages["quote"]))["approval"]
    await gql.login("director@demo.example")
    decided = await call(
        gql,
        "approvalDecide",
        "ApprovalDecideInput",
        {"id": approval["id"], "approve": False, "comment": "Discount too deep"},
        f"approval {{ status }} opportunity {{ stage {{ key }} pendingApproval {{ id }} }} {ERRORS}",
    )
    assert decided["approval"] == {"status": "REJECTED"}
    assert decided["opportunity"] == {"stage": {"key": "needs_analysis"}, "pendingApproval": None}
    async with db.read() as session:
        told = (await session.execute(select(Notification.kind, Notification.body))).all()
    assert ("approval_rejected", "Discount too deep") in told
    # The rep may ask again.
    await gql.login("rep@demo.example")
    assert (await _move(gql, opp["id"], sales.stages["quote"]))["approval"]["status"] == "PENDING"


async def test_small_quotes_need_no_approval_and_winning_creates_the_order(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    opp = await _opportunity(gql, sales, db, "50000", name="Small")
    for key in ("quote", "contract", "payment", "won"):
        moved = await _move(gql, opp["id"], sales.stages[key])
        assert moved["moved"] is True and moved["userErrors"] == [], moved
    body = await gql(
        "query($id: ID!) { opportunity(id: $id) { status closedAt order { totalAmount status } "
        "customer { orderSummary { count totalAmount } } stageHistory { fromStage { key } toStage { key } amount actor { email } } } }",
        {"id": opp["id"]},
    )
    won = body["data"]["opportunity"]
    assert won["status"] == "WON" and won["closedAt"] is not None
    assert won["order"] == {"totalAmount": "50000.00", "status": "completed"}
    assert won["customer"]["orderSummary"] == {"count": 1, "totalAmount": "50000.00"}
    assert [(h["fromStage"] and h["fromStage"]["key"], h["toStage"]["key"]) for h in won["stageHistory"]] == [
        (None, "needs_analysis"),
        ("needs_analysis", "quote"),
        ("quote", "contract"),
        ("contract", "payment"),
        ("payment", "won"),
    ]
    assert {h["actor"]["email"] for h in won["stageHistory"]} == {"rep@demo.example"}
    closed = await _move(gql, opp["id"], sales.stages["lost"], lostReason="changed mind")
    assert closed["userErrors"][0]["code"] == "INVALID_TRANSITION"


async def test_losing_needs_a_reason_and_stale_versions_conflict(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    opp = await _opportunity(gql, sales, db, "9000", name="Lost one")
    no_reason = await _move(gql, opp["id"], sales.stages["lost"])
    assert no_reason["userErrors"][0]["field"] == "lostReason"
    updated = await call(
        gql,
        "opportunityUpdate",
        "OpportunityUpdateInput",
        {"id": opp["id"], "version": opp["version"], "amount": "12000"},
        f"opportunity {{ amount version }} {ERRORS}",
    )
    assert updated["opportunity"]["amount"] == "12000.00"
    stale = await gql(
        "mutation($i: OpportunityUpdateInput!) { opportunityUpdate(input: $i) { opportunity { id } } }",
        {"i": {"id": opp["id"], "version": opp["version"], "amount": "1"}},
    )
    assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"
    lost = await _move(gql, opp["id"], sales.stages["lost"], lostReason="Went with a competitor")
    assert lost["opportunity"]["status"] == "LOST"
    body = await gql("query($id: ID!) { opportunity(id: $id) { lostReason amount } }", {"id": opp["id"]})
    assert body["data"]["opportunity"] == {"lostReason": "Went with a competitor", "amount": "12000.00"}


async def test_stage_changes_show_in_the_customer_timeline_and_360_view(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    opp = await _opportunity(gql, sales, db, "30000", name="Timeline")
    await _move(gql, opp["id"], sales.stages["quote"])
    body = await gql(
        "query($id: ID!) { opportunity(id: $id) { customer { id opportunities { name } "
        "timeline { nodes { __typename ... on StageChangeEntry { fromStage { key } toStage { key } opportunity { name } } } } } } }",
        {"id": opp["id"]},
    )
    customer = body["data"]["opportunity"]["customer"]
    assert customer["opportunities"] == [{"name": "Timeline"}]
    assert customer["timeline"]["nodes"] == [
        {
            "__typename": "StageChangeEntry",
            "fromStage": {"key": "needs_analysis"},
            "toStage": {"key": "quote"},
            "opportunity": {"name": "Timeline"},
        },
        {
            "__typename": "StageChangeEntry",
            "fromStage": None,
            "toStage": {"key": "needs_analysis"},
            "opportunity": {"name": "Timeline"},
        },
    ]


async def test_stages_are_data_an_admin_edits(gql: GraphQLClient, sales: Sales, db: Database) -> None:
    await gql.login("admin@demo.example")
    saved = await call(
        gql,
        "pipelineStageSave",
        "PipelineStageInput",
        {"key": "negotiation", "name": "Negotiation", "probability": 70},
        f"stage {{ key position probability }} {ERRORS}",
    )
    assert saved["stage"] == {"key": "negotiation", "position": 7, "probability": 70}
    bad = await call(
        gql, "pipelineStageSave", "PipelineStageInput", {"key": "quote", "name": "Dup", "probability": 150}, ERRORS
    )
    assert bad["userErrors"][0]["field"] == "probability"
    dup = await call(
        gql, "pipelineStageSave", "PipelineStageInput", {"key": "quote", "name": "Dup", "probability": 5}, ERRORS
    )
    assert dup["userErrors"][0]["field"] == "key"
    # Lower the quote threshold: a 60,000 quote now needs approval.
    quote = await gql("{ pipelineStages { id key version } }")
    stage = next(s for s in quote["data"]["pipelineStages"] if s["key"] == "quote")
    changed = await call(
        gql,
        "pipelineStageSave",
        "PipelineStageInput",
        {
            "id": stage["id"],
            "version": stage["version"],
            "name": "Quote",
            "probability": 30,
            "requiresApproval": True,
            "approvalThreshold": "50000",
        },
        f"stage {{ approvalThreshold }} {ERRORS}",
    )
    assert changed["stage"] == {"approvalThreshold": "50000.00"}
    opp = await _opportunity(gql, sales, db, "60000", name="Mid")
    assert (await _move(gql, opp["id"], sales.stages["quote"]))["moved"] is False


async def test_skipping_a_gated_stage_does_not_skip_its_approval(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    opp = await _opportunity(gql, sales, db, "500000", name="Jump")
    jump = await _move(gql, opp["id"], sales.stages["contract"])
    assert jump["moved"] is False and jump["approval"]["toStage"] == {"key": "contract"}
    # Directors hear about it at once.
    async with db.read() as session:
        told = (
            await session.execute(select(Notification.kind).where(Notification.user_id == sales.director.user_id))
        ).scalars()
        assert list(told) == ["approval_requested"]
    # Losing the deal meanwhile cancels the request; nobody can approve it afterwards.
    lost = await _move(gql, opp["id"], sales.stages["lost"], lostReason="Budget cut")
    assert lost["moved"] is True and lost["opportunity"]["pendingApproval"] is None
    await gql.login("director@demo.example")
    decided = await call(
        gql, "approvalDecide", "ApprovalDecideInput", {"id": jump["approval"]["id"], "approve": True}, ERRORS
    )
    assert decided["userErrors"][0]["code"] == "ALREADY_DECIDED"
    # Opening a big deal past the gate is refused too.
    customer = await factories.customer(db, sales.rep, "Past the gate")
    await gql.login("rep@demo.example")
    opened = await call(
        gql,
        "opportunityCreate",
        "OpportunityCreateInput",
        {
            "customerId": to_global_id("Customer", customer.id),
            "name": "Big",
            "amount": "200000",
            "stageId": sales.stages["contract"],
        },
        ERRORS,
    )
    assert opened["userErrors"][0]["field"] == "stageId"


async def test_editing_a_stage_keeps_what_is_not_given_and_a_null_threshold_gates_every_amount(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    await gql.login("admin@demo.example")
    stages = (await gql("{ pipelineStages { id key version } }"))["data"]["pipelineStages"]
    quote = next(s for s in stages if s["key"] == "quote")
    renamed = await call(
        gql,
        "pipelineStageSave",
        "PipelineStageInput",
        {"id": quote["id"], "version": quote["version"], "name": "Proposal", "probability": 35},
        f"stage {{ name version requiresApproval approvalThreshold }} {ERRORS}",
    )
    assert renamed["stage"] == {
        "name": "Proposal",
        "version": quote["version"] + 1,
        "requiresApproval": True,
        "approvalThreshold": "100000.00",
    }
    cleared = await call(
        gql,
        "pipelineStageSave",
        "PipelineStageInput",
        {"id": quote["id"], "name": "Proposal", "probability": 35, "approvalThreshold": None},
        f"stage {{ requiresApproval approvalThreshold }} {ERRORS}",
    )
    assert cleared["stage"] == {"requiresApproval": True, "approvalThreshold": None}
    opp = await _opportunity(gql, sales, db, "10", name="Tiny")
    assert (await _move(gql, opp["id"], sales.stages["quote"]))["moved"] is False


async def test_changing_the_amount_cancels_a_pending_approval(gql: GraphQLClient, sales: Sales, db: Database) -> None:
    opp = await _opportunity(gql, sales, db, "150000", name="Grows")
    asked = await _move(gql, opp["id"], sales.stages["quote"])
    assert asked["approval"]["status"] == "PENDING"
    bigger = await call(
        gql,
        "opportunityUpdate",
        "OpportunityUpdateInput",
        {"id": opp["id"], "version": asked["opportunity"]["version"], "amount": "900000"},
        f"opportunity {{ amount pendingApproval {{ id }} }} {ERRORS}",
    )
    assert bigger["opportunity"] == {"amount": "900000.00", "pendingApproval": None}
    again = await _move(gql, opp["id"], sales.stages["quote"])
    assert again["approval"]["amount"] == "900000.00"  # the director decides on the amount as it is now
