"""Leads: public capture (dedupe, rate limit, honeypot), each assignment rule, bulk import, atomic conversion."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from rapport.activities.models import Notification
from rapport.core.db import Database
from rapport.customers.models import Contact, Customer
from rapport.customers.service import ContactDraft
from rapport.graphql.node import to_global_id
from rapport.sales.models import Lead, LeadSubmission, Opportunity
from rapport.sales.pipeline import service as pipeline
from tests import factories
from tests.conftest import GraphQLClient
from tests.sales.conftest import Sales, call

SUBMIT = "mutation($i: LeadSubmitInput!) { leadSubmit(input: $i) { accepted userErrors { field code message } } }"
LEAD = "lead { id name status owner { email } phone email submissions customer { name } } duplicate"
ERRORS = "userErrors { field code message }"


async def _count(db: Database, model: Any) -> int:
    async with db.read() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_a_web_form_lead_is_captured_without_sign_in_and_duplicates_link_instead_of_duplicating(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    form = {"name": "李雷", "phone": "138 0013 8000", "company": "Hanmeimei Ltd", "message": "Price list please"}
    assert (await gql(SUBMIT, {"i": form}))["data"]["leadSubmit"] == {"accepted": True, "userErrors": []}
    # The same person again, by email this time, plus the phone in another format: linked, not duplicated.
    again = {"name": "Li Lei", "phone": "+86 13800138000", "email": "LiLei@Example.com", "message": "Any news?"}
    assert (await gql(SUBMIT, {"i": again}))["data"]["leadSubmit"]["accepted"] is True
    async with db.read() as session:
        leads = list((await session.execute(select(Lead))).scalars())
    assert len(leads) == 1
    assert leads[0].submissions == 2 and leads[0].message == "Price list please\n---\nAny news?"
    assert leads[0].phone_enc is not None and b"13800138000" not in leads[0].phone_enc  # encrypted at rest
    # Staff see it with normalised contact details.
    await gql.login("director@demo.example")
    listed = await gql("{ leads { totalCount nodes { name phone source status submissions } } }")
    assert listed["data"]["leads"] == {
        "totalCount": 1,
        "nodes": [{"name": "李雷", "phone": "+8613800138000", "source": "web", "status": "NEW", "submissions": 2}],
    }


async def test_a_lead_matching_an_existing_customer_is_linked_to_it(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    await factories.customer(db, sales.rep, "Contoso", contacts=[ContactDraft("王芳", emails=["wang@contoso.cn"])])
    await gql(SUBMIT, {"i": {"name": "Wang Fang", "email": "Wang@Contoso.cn"}})
    await gql.login("director@demo.example")
    body = await gql("{ leads { nodes { name customer { name } } } }")
    assert body["data"]["leads"]["nodes"] == [{"name": "Wang Fang", "customer": {"name": "Contoso"}}]


async def test_submissions_are_rate_limited_per_address_and_bad_input_changes_nothing(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    missing = await gql(SUBMIT, {"i": {"name": "No Contact"}})
    assert missing["data"]["leadSubmit"]["userErrors"][0]["field"] == "phone"
    bad = await gql(SUBMIT, {"i": {"name": "Bad", "email": "not-an-email"}})
    assert bad["data"]["leadSubmit"] == {
        "accepted": False,
        "userErrors": [
            {
                "field": "email",
                "code": "BAD_USER_INPUT",
                "message": bad["data"]["leadSubmit"]["userErrors"][0]["message"],
            }
        ],
    }
    assert await _count(db, Lead) == 0 and await _count(db, LeadSubmission) == 0  # rejected input changes nothing
    for i in range(10):  # 10 an hour
        body = await gql(SUBMIT, {"i": {"name": f"Visitor {i}", "email": f"v{i}@example.com"}})
        assert body["data"]["leadSubmit"]["accepted"] is True
    limited = await gql(SUBMIT, {"i": {"name": "One too many", "email": "late@example.com"}})
    assert limited["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert await _count(db, Lead) == 10
    # Another address is not affected.
    from rapport.app import create_app
    from rapport.config import Settings

    settings = Settings(rapport_env="test", database_url=db.engine.url.render_as_string(hide_password=False))  # type: ignore[arg-type]
    app = create_app(settings, database=db)
    other = httpx.ASGITransport(app=app, client=("198.51.100.9", 40000))
    async with httpx.AsyncClient(transport=other, base_url="http://testserver") as http:
        body = await GraphQLClient(http)(SUBMIT, {"i": {"name": "Elsewhere", "email": "e@example.com"}})
    assert body["data"]["leadSubmit"]["accepted"] is True


async def test_a_filled_honeypot_looks_accepted_and_keeps_nothing(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    body = await gql(SUBMIT, {"i": {"name": "Bot", "email": "bot@spam.example", "website": "http://spam.example"}})
    assert body["data"]["leadSubmit"] == {"accepted": True, "userErrors": []}
    assert await _count(db, Lead) == 0
    assert await _count(db, LeadSubmission) == 1  # it still counts against the address's limit


RULE = "rule { id kind position province team { name } user { email } }"


async def _rule(gql: GraphQLClient, **values: Any) -> dict[str, Any]:
    await gql.login("admin@demo.example")
    payload = await call(gql, "leadRuleSave", "LeadRuleInput", values, f"{RULE} {ERRORS}")
    assert payload["userErrors"] == [], payload
    return payload["rule"]


async def _create(gql: GraphQLClient, who: str, **values: Any) -> dict[str, Any]:
    await gql.login(who)
    payload = await call(gql, "leadCreate", "LeadCreateInput", {"source": "expo", **values}, f"{LEAD} {ERRORS}")
    assert payload["userErrors"] == [], payload
    return payload


async def _owner(db: Database, name: str) -> str | None:
    async with db.read() as session:
        lead = (await session.execute(select(Lead).where(Lead.name == name))).scalar_one()
        if lead.owner_id is None:
            return None
        from rapport.identity.models import User

        user = await session.get(User, lead.owner_id)
        assert user is not None
        return user.email


async def test_territory_rules_give_a_province_to_a_rep_and_unmatched_leads_stay_unassigned(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    await _rule(gql, kind="TERRITORY", province="浙江省", userId=sales.users["rep@demo.example"], position=10)
    await _rule(gql, kind="TERRITORY", province="北京市", userId=sales.users["rep2@demo.example"], position=20)
    await _create(gql, "marketing@demo.example", name="Zhe", phone="13900000001", province="浙江省")
    await _create(gql, "marketing@demo.example", name="Jing", phone="13900000002", province="北京市")
    await _create(gql, "marketing@demo.example", name="Yue", phone="13900000003", province="广东省")
    assert await _owner(db, "Zhe") == "rep@demo.example"
    assert await _owner(db, "Jing") == "rep2@demo.example"
    assert await _owner(db, "Yue") is None
    async with db.read() as session:
        told = (await session.execute(select(Notification.kind, Notification.title))).all()
    assert sorted(told) == [("lead_assigned", "New lead: Jing"), ("lead_assigned", "New lead: Zhe")]


async def test_round_robin_takes_turns_in_a_team_and_its_sub_teams(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    await _rule(gql, kind="ROUND_ROBIN", teamId=sales.teams["Sales"])
    for i in range(4):
        await _create(gql, "marketing@demo.example", name=f"RR{i}", email=f"rr{i}@example.com")
    owners = [await _owner(db, f"RR{i}") for i in range(4)]
    # Reps of Sales and below, by email: rep2@ sorts before rep@.
    assert owners == ["rep2@demo.example", "rep@demo.example", "rep2@demo.example", "rep@demo.example"]


async def test_load_rules_give_the_lead_to_the_rep_with_fewest_open_leads(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    for i in range(2):
        await _create(
            gql,
            "manager@demo.example",
            name=f"Held{i}",
            email=f"h{i}@example.com",
            ownerId=sales.users["rep@demo.example"],
        )
    await _rule(gql, kind="LOAD", teamId=sales.teams["Sales"], source="expo")
    await _create(gql, "marketing@demo.example", name="Fresh", email="fresh@example.com")
    assert await _owner(db, "Fresh") == "rep2@demo.example"  # rep has two open leads, rep2 none
    # A rule for another source does not apply.
    await _create(gql, "marketing@demo.example", name="Fair", email="fair@example.com", source="fair")
    assert await _owner(db, "Fair") is None


async def test_rules_are_validated(gql: GraphQLClient, sales: Sales) -> None:
    await gql.login("admin@demo.example")
    payload = await call(gql, "leadRuleSave", "LeadRuleInput", {"kind": "ROUND_ROBIN"}, f"rule {{ id }} {ERRORS}")
    assert payload["rule"] is None and payload["userErrors"][0]["field"] == "teamId"
    await gql.login("rep@demo.example")
    denied = await gql("mutation { leadRuleSave(input: {kind: LOAD}) { rule { id } } }")
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_reps_reassign_their_leads_and_the_new_owner_is_told(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    created = await _create(
        gql, "rep@demo.example", name="Mine", phone="13700000000", ownerId=sales.users["rep@demo.example"]
    )
    lead_id = created["lead"]["id"]
    assert created["lead"]["status"] == "WORKING"  # a rep who takes a lead is working it
    payload = await call(
        gql,
        "leadAssign",
        "LeadAssignInput",
        {"id": lead_id, "ownerId": sales.users["rep2@demo.example"]},
        f"lead {{ id }} {ERRORS}",
    )
    assert payload == {"lead": None, "userErrors": []}  # it is rep2's now, out of rep's sight
    assert await _owner(db, "Mine") == "rep2@demo.example"
    await gql.login("rep2@demo.example")
    note = await gql("{ notifications { nodes { kind title } } }")
    assert {"kind": "lead_assigned", "title": "New lead: Mine"} in note["data"]["notifications"]["nodes"]


async def test_bulk_import_keeps_good_rows_and_reports_bad_ones(gql: GraphQLClient, sales: Sales, db: Database) -> None:
    await gql.login("marketing@demo.example")
    rows = [
        {"name": "A", "source": "import", "email": "a@example.com"},
        {"name": "B", "source": "import", "phone": "12"},
        {"name": "", "source": "import", "email": "c@example.com"},
        {"name": "A again", "source": "import", "email": "A@example.com"},
    ]
    payload = await call(
        gql,
        "leadBulkCreate",
        "LeadBulkCreateInput",
        {"leads": rows},
        f"created duplicates leads {{ name }} {ERRORS}",
    )
    assert payload["created"] == 1 and payload["duplicates"] == 1
    assert [e["field"] for e in payload["userErrors"]] == ["leads.1.phone", "leads.2.name"]
    assert payload["leads"] == [{"name": "A"}, {"name": "A"}]
    assert await _count(db, Lead) == 1
    too_many = await call(
        gql,
        "leadBulkCreate",
        "LeadBulkCreateInput",
        {"leads": [{"name": f"N{i}", "source": "import", "email": f"n{i}@example.com"} for i in range(1001)]},
        f"created {ERRORS}",
    )
    assert too_many["created"] == 0 and too_many["userErrors"][0]["field"] == "leads"
    assert await _count(db, Lead) == 1


CONVERT = "lead { status } customer { name owner { email } contacts { name phones } } opportunity { name amount stage { key } }"


async def test_conversion_creates_customer_contact_and_opportunity(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    created = await _create(
        gql,
        "rep@demo.example",
        name="韩梅梅",
        phone="13500000000",
        company="梅梅贸易",
        ownerId=sales.users["rep@demo.example"],
    )
    payload = await call(
        gql,
        "leadConvert",
        "LeadConvertInput",
        {"id": created["lead"]["id"], "amount": "80000"},
        f"{CONVERT} {ERRORS}",
    )
    assert payload == {
        "lead": {"status": "CONVERTED"},
        "customer": {
            "name": "梅梅贸易",
            "owner": {"email": "rep@demo.example"},
            "contacts": [{"name": "韩梅梅", "phones": ["+8613500000000"]}],
        },
        "opportunity": {"name": "梅梅贸易", "amount": "80000.00", "stage": {"key": "needs_analysis"}},
        "userErrors": [],
    }
    again = await call(gql, "leadConvert", "LeadConvertInput", {"id": created["lead"]["id"]}, ERRORS)
    assert again["userErrors"][0]["field"] == "id"


async def test_a_failure_midway_through_conversion_leaves_nothing_half_created(
    gql: GraphQLClient, sales: Sales, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = await _create(
        gql,
        "rep@demo.example",
        name="Half",
        phone="13400000000",
        company="Half Co",
        ownerId=sales.users["rep@demo.example"],
    )

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the database went away")  # after the customer and contact were written

    monkeypatch.setattr(pipeline, "create", broken)
    body = await gql(
        "mutation($i: LeadConvertInput!) { leadConvert(input: $i) { lead { status } } }",
        {"i": {"id": created["lead"]["id"]}},
    )
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL"
    assert await _count(db, Customer) == 0 and await _count(db, Contact) == 0 and await _count(db, Opportunity) == 0
    async with db.read() as session:
        assert (await session.execute(select(Lead.status))).scalar_one() == "working"
    # Another rep's customer answers exactly like one that does not exist, and changes nothing.
    stranger = await factories.customer(db, sales.rep2, "Not yours")
    convert = "mutation($i: LeadConvertInput!) { leadConvert(input: $i) { lead { status } } }"
    answers = [
        await gql(convert, {"i": {"id": created["lead"]["id"], "customerId": to_global_id("Customer", raw)}})
        for raw in (stranger.id, uuid.uuid4())
    ]
    assert answers[0] == answers[1]
    assert answers[0]["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert await _count(db, Opportunity) == 0


async def test_a_territory_rule_naming_someone_who_left_passes_the_lead_on(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    from sqlalchemy import update

    from rapport.identity.models import User

    await _rule(gql, kind="TERRITORY", province="浙江省", userId=sales.users["rep2@demo.example"], position=10)
    await _rule(gql, kind="TERRITORY", province="浙江省", userId=sales.users["rep@demo.example"], position=20)
    async with db.write() as session:
        await session.execute(update(User).where(User.email == "rep2@demo.example").values(active=False))
    body = await gql(SUBMIT, {"i": {"name": "Kept", "phone": "13911112222", "province": "浙江省"}})
    assert body["data"]["leadSubmit"] == {"accepted": True, "userErrors": []}
    assert await _owner(db, "Kept") == "rep@demo.example"
    # Someone still active who moved out of sales is passed over too.
    from rapport.identity.models import UserRole

    async with db.write() as session:
        await session.execute(update(User).where(User.email == "rep2@demo.example").values(active=True))
        rep2 = (await session.execute(select(User.id).where(User.email == "rep2@demo.example"))).scalar_one()
        await session.execute(update(UserRole).where(UserRole.user_id == rep2).values(role_name="service_agent"))
    body = await gql(SUBMIT, {"i": {"name": "Kept too", "phone": "13911113333", "province": "浙江省"}})
    assert body["data"]["leadSubmit"]["accepted"] is True
    assert await _owner(db, "Kept too") == "rep@demo.example"


async def test_leads_go_only_to_the_sales_force_and_owners_hear_when_a_lead_comes_back(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    created = await _create(
        gql, "rep@demo.example", name="Back", email="back@example.com", ownerId=sales.users["rep@demo.example"]
    )
    to_agent = await call(
        gql,
        "leadAssign",
        "LeadAssignInput",
        {"id": created["lead"]["id"], "ownerId": sales.users["agent@demo.example"]},
        ERRORS,
    )
    assert to_agent["userErrors"][0]["field"] == "ownerId"
    await gql(SUBMIT, {"i": {"name": "Back", "email": "BACK@example.com", "message": "Call me tomorrow"}})
    async with db.read() as session:
        told = (
            await session.execute(
                select(Notification.kind, Notification.body).where(Notification.user_id == sales.rep.user_id)
            )
        ).all()
    assert ("lead_resubmitted", "Call me tomorrow") in told


async def test_web_forms_on_listed_sites_may_post_leads_anonymously(sales: Sales, db: Database, settings: Any) -> None:
    from rapport.app import create_app

    app = create_app(settings.model_copy(update={"lead_form_origins": ["https://www.example.cn"]}), database=db)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.50", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        preflight = await http.options(
            "/graphql",
            headers={
                "Origin": "https://www.example.cn",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://www.example.cn"
        assert "access-control-allow-credentials" not in preflight.headers
        posted = await http.post(
            "/graphql",
            json={"query": SUBMIT, "variables": {"i": {"name": "From the site", "email": "site@example.cn"}}},
            headers={"Origin": "https://www.example.cn"},
        )
        assert posted.json()["data"]["leadSubmit"]["accepted"] is True
        assert posted.headers["access-control-allow-origin"] == "https://www.example.cn"
        other = await http.options(
            "/graphql",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in other.headers
        metrics = await http.get("/healthz", headers={"Origin": "https://www.example.cn"})
        assert "access-control-allow-origin" not in metrics.headers  # only /graphql is open to the forms
