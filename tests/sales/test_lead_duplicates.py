"""leadCreate is no phone or email oracle: a duplicate of someone else's lead is named, changed and notified to
no one; the new lead waits for the managers (issue 13, class 10). The public form's fields are bounded."""

from __future__ import annotations

from sqlalchemy import select

from rapport.activities.models import Notification
from rapport.core.db import Database
from rapport.sales.models import Lead
from tests.conftest import GraphQLClient
from tests.sales.conftest import Sales

CREATE = (
    "mutation($i: LeadCreateInput!) { leadCreate(input: $i) { lead { id name owner { email } } duplicate "
    "userErrors { field code } } }"
)


async def test_a_duplicate_of_another_reps_lead_is_only_said_to_exist(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    await gql.login("rep2@demo.example")
    owner = sales.users["rep2@demo.example"]
    values = {"name": "王先生", "source": "expo", "phone": "13912345678", "message": "报价", "ownerId": owner}
    theirs = await gql(CREATE, {"i": values})
    assert theirs["data"]["leadCreate"]["lead"]["owner"] == {"email": "rep2@demo.example"}
    async with db.read() as session:
        version = (await session.execute(select(Lead.version))).scalar_one()
    await gql.login("rep@demo.example")
    # The reproduction: this answered that the phone belongs to a lead, bumped it and told its owner.
    mine = await gql(CREATE, {"i": {"name": "王", "source": "call", "phone": "139 1234 5678", "message": "想试用"}})
    assert mine["data"]["leadCreate"] == {"lead": None, "duplicate": True, "userErrors": []}
    async with db.read() as session:
        leads = {lead.name: lead for lead in (await session.execute(select(Lead))).scalars()}
        kinds = {
            (n.user_id, n.kind)
            for n in (await session.execute(select(Notification))).scalars()
            if n.kind != "lead_assigned"
        }
    original, review = leads["王先生"], leads["王"]
    assert original.submissions == 1 and original.message == "报价" and original.version == version
    assert review.owner_id is None and review.team_id == sales.rep.team_id and review.customer_id is None
    assert kinds == {(sales.manager.user_id, "lead_possible_duplicate")}
    # The managers see it among their team's unassigned leads.
    await gql.login("manager@demo.example")
    queue = await gql("{ leads(filter: {unassigned: true}) { nodes { name } } }")
    assert queue["data"]["leads"]["nodes"] == [{"name": "王"}]
    # A lead the caller can see is still updated in place, as before.
    await gql.login("rep2@demo.example")
    again = await gql(CREATE, {"i": {"name": "王先生", "source": "expo", "phone": "13912345678"}})
    assert again["data"]["leadCreate"]["duplicate"] is True
    assert again["data"]["leadCreate"]["lead"]["name"] == "王先生"


async def test_the_public_form_stores_no_megabyte_message(gql: GraphQLClient, sales: Sales, db: Database) -> None:
    submit = "mutation($i: LeadSubmitInput!) { leadSubmit(input: $i) { accepted } }"
    body = await gql(submit, {"i": {"name": "访客", "phone": "13800000000", "message": "x" * 1_000_000}})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "input.message"
    long_name = await gql(submit, {"i": {"name": "x" * 201, "phone": "13800000000"}})
    assert long_name["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    async with db.read() as session:
        assert (await session.execute(select(Lead))).first() is None
    ok = await gql(submit, {"i": {"name": "访客", "phone": "13800000000", "message": "x" * 2_000}})
    assert ok["data"]["leadSubmit"]["accepted"] is True
