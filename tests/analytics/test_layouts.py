"""Dashboard layouts: the layout in force (own > published to a role > default), saving with a version, resetting,
publishing to a role (administrators only), and every validation error changing nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from rapport.core.db import Database
from tests.authz.conftest import USERS
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.usefixtures("demo")

READ = """query($p: DashboardPage!) { dashboardLayout(page: $p) {
  page source role version updatedAt widgets { id kind x y w h period filters } } }"""
SAVE = """mutation($i: DashboardLayoutSaveInput!) { dashboardLayoutSave(input: $i) {
  layout { source version widgets { id kind x y w h period filters } } userErrors { field message code } } }"""
RESET = """mutation($i: DashboardLayoutResetInput!) { dashboardLayoutReset(input: $i) {
  removed userErrors { field message code } } }"""
PUBLISH = """mutation($i: DashboardLayoutPublishInput!) { dashboardLayoutPublish(input: $i) {
  layout { source role version widgets { id kind } } userErrors { field message code } } }"""
UNPUBLISH = """mutation($i: DashboardLayoutUnpublishInput!) { dashboardLayoutUnpublish(input: $i) {
  removed userErrors { field message code } } }"""
PUBLISHED = "query($p: DashboardPage!) { publishedDashboardLayouts(page: $p) { role source widgets { kind } } }"
PUBLISHED_VERSIONS = "query($p: DashboardPage!) { publishedDashboardLayouts(page: $p) { role version } }"

#: The demo's staff users (the integrator and the portal customer are not in the demo).
STAFF = {role: email for role, email in USERS.items() if role not in ("integrator", "customer", "admin")}
ADMIN = "admin@demo.example"


def widget(
    id: str, kind: str = "funnel", x: int = 0, y: int = 0, w: int = 6, h: int = 8, **more: Any
) -> dict[str, Any]:
    return {"id": id, "kind": kind, "x": x, "y": y, "w": w, "h": h, **more}


async def _as(gql: GraphQLClient, email: str) -> None:
    assert (await gql.login(email))["data"]["login"]["userErrors"] == []


async def _layout(gql: GraphQLClient, page: str = "DASHBOARDS") -> dict[str, Any]:
    body = await gql(READ, {"p": page})
    assert "errors" not in body, body
    return dict(body["data"]["dashboardLayout"])


async def _rows(db: Database) -> list[Any]:
    async with db.read() as session:
        found = await session.execute(
            text("SELECT page, user_id, role, widgets, version FROM dashboard_layout ORDER BY id")
        )
        return [tuple(row) for row in found]


async def test_own_layout_wins_over_a_role_s_which_wins_over_the_default(gql: GraphQLClient) -> None:
    await _as(gql, "director@demo.example")
    default = await _layout(gql)
    assert (default["source"], default["widgets"], default["version"], default["role"]) == ("DEFAULT", [], None, None)

    await _as(gql, ADMIN)
    published = await gql(PUBLISH, {"i": {"page": "DASHBOARDS", "role": "sales_director", "widgets": [widget("a")]}})
    assert published["data"]["dashboardLayoutPublish"]["userErrors"] == [], published
    # a layout published to another role of nobody here, and one of another page: neither applies
    await gql(PUBLISH, {"i": {"page": "HOME", "role": "sales_director", "widgets": [widget("h", "myTasks")]}})
    listed = await gql(PUBLISHED, {"p": "DASHBOARDS"})
    assert listed["data"]["publishedDashboardLayouts"] == [
        {"role": "sales_director", "source": "ROLE", "widgets": [{"kind": "funnel"}]}
    ]

    await _as(gql, "director@demo.example")
    role = await _layout(gql)
    assert (role["source"], role["role"], role["version"]) == ("ROLE", "sales_director", None)
    assert role["widgets"] == [widget("a", period=None, filters=None)]

    saved = await gql(SAVE, {"i": {"page": "DASHBOARDS", "widgets": [widget("b", "forecast", x=6, w=6)]}})
    assert saved["data"]["dashboardLayoutSave"]["userErrors"] == [], saved
    own = await _layout(gql)
    assert (own["source"], own["version"], [w["kind"] for w in own["widgets"]]) == ("OWN", 1, ["forecast"])

    reset = await gql(RESET, {"i": {"page": "DASHBOARDS"}})
    assert reset["data"]["dashboardLayoutReset"] == {"removed": True, "userErrors": []}
    assert (await _layout(gql))["source"] == "ROLE"

    await _as(gql, ADMIN)
    gone = await gql(UNPUBLISH, {"i": {"page": "DASHBOARDS", "role": "sales_director"}})
    assert gone["data"]["dashboardLayoutUnpublish"] == {"removed": True, "userErrors": []}
    await _as(gql, "director@demo.example")
    assert (await _layout(gql))["source"] == "DEFAULT"
    assert (await _layout(gql, "HOME"))["source"] == "ROLE"


async def test_of_several_roles_layouts_the_first_role_by_name_is_in_force(gql: GraphQLClient, db: Database) -> None:
    async with db.write() as session:
        user = await session.scalar(text("SELECT id FROM app_user WHERE email = 'analyst@demo.example'"))
        await session.execute(text("INSERT INTO user_role (user_id, role_name) VALUES (:u, 'marketing')"), {"u": user})
    await _as(gql, ADMIN)
    for role, kind in (("marketing", "rfm"), ("analyst", "csat")):
        body = await gql(PUBLISH, {"i": {"page": "DASHBOARDS", "role": role, "widgets": [widget("w", kind)]}})
        assert body["data"]["dashboardLayoutPublish"]["userErrors"] == []
    await _as(gql, "analyst@demo.example")
    chosen = await _layout(gql)
    assert (chosen["role"], chosen["widgets"][0]["kind"]) == ("analyst", "csat")


async def test_a_stale_version_conflicts_and_changes_nothing(gql: GraphQLClient, db: Database) -> None:
    await _as(gql, "rep@demo.example")
    first = await gql(SAVE, {"i": {"page": "HOME", "widgets": [widget("t", "myTasks")]}})
    assert first["data"]["dashboardLayoutSave"]["layout"]["version"] == 1
    second = await gql(SAVE, {"i": {"page": "HOME", "version": 1, "widgets": [widget("t", "myTasks", w=12)]}})
    assert second["data"]["dashboardLayoutSave"]["layout"]["version"] == 2
    before = await _rows(db)
    for version in (1, None, 7):
        stale = await gql(SAVE, {"i": {"page": "HOME", "version": version, "widgets": []}})
        assert [e["extensions"]["code"] for e in stale["errors"]] == ["CONFLICT"], (version, stale)
    assert await _rows(db) == before
    # a version for a layout that was reset in the meantime conflicts too
    await gql(RESET, {"i": {"page": "HOME"}})
    gone = await gql(SAVE, {"i": {"page": "HOME", "version": 2, "widgets": []}})
    assert [e["extensions"]["code"] for e in gone["errors"]] == ["CONFLICT"]
    assert await _rows(db) == []


async def test_replacing_a_published_layout_names_the_version_read(gql: GraphQLClient, db: Database) -> None:
    """Two administrators publishing to one role never overwrite each other unknowingly: replacing names the
    version read from publishedDashboardLayouts; a stale one, or none where one is published, conflicts."""
    await _as(gql, ADMIN)
    role = {"page": "HOME", "role": "sales_rep"}
    first = await gql(PUBLISH, {"i": role | {"widgets": [widget("a", "myTasks")]}})
    assert first["data"]["dashboardLayoutPublish"]["layout"]["version"] == 1, first
    listed = await gql(PUBLISHED_VERSIONS, {"p": "HOME"})
    assert listed["data"]["publishedDashboardLayouts"] == [{"role": "sales_rep", "version": 1}]
    second = await gql(PUBLISH, {"i": role | {"version": 1, "widgets": [widget("b", "myTasks", w=12)]}})
    assert second["data"]["dashboardLayoutPublish"]["layout"]["version"] == 2, second
    before = await _rows(db)
    for version in (1, None, 9):
        stale = await gql(PUBLISH, {"i": role | {"version": version, "widgets": []}})
        assert [e["extensions"]["code"] for e in stale["errors"]] == ["CONFLICT"], (version, stale)
    assert await _rows(db) == before
    # a version for a layout taken back in the meantime conflicts too, and publishes nothing
    await gql(UNPUBLISH, {"i": role})
    gone = await gql(PUBLISH, {"i": role | {"version": 2, "widgets": []}})
    assert [e["extensions"]["code"] for e in gone["errors"]] == ["CONFLICT"]
    assert await _rows(db) == []


def _nested(depth: int) -> Any:
    """A list nested `depth` deep (within the request's JSON limits, beyond json.dumps' recursion)."""
    value: Any = "A"
    for _ in range(depth):
        value = [value]
    return value


INVALID = {
    "an unknown kind": [widget("a", "noSuchChart")],
    "a kind of the other page": [widget("a", "myTasks")],
    "a duplicate id": [widget("a"), widget("a", "forecast", x=6)],
    "a malformed id": [widget("a b")],
    "beyond the 12 columns": [widget("a", x=8, w=6)],
    "no width": [widget("a", w=0)],
    "too tall": [widget("a", h=41)],
    "too low": [widget("a", y=1001)],
    "an unknown period": [widget("a", period="decade")],
    "a filter the kind does not take": [widget("a", filters={"grades": ["A"]})],
    "an unknown filter value": [widget("a", "rfm", filters={"grades": ["Z"]})],
    "filters that are not an object": [widget("a", "rfm", filters=["A"])],
    "too large filters": [widget("a", "rfm", filters={"grades": ["A"] * 400})],
    "deeply nested filters": [widget("a", "rfm", filters={"grades": [_nested(900)]})],
    "many keys": [widget("a", "rfm", filters={f"k{i}": ["A"] for i in range(300)})],
    "too many widgets": [widget(f"w{i}", y=i) for i in range(41)],
}


@pytest.mark.parametrize("problem", list(INVALID))
async def test_every_validation_error_is_a_user_error_and_changes_nothing(
    gql: GraphQLClient, db: Database, problem: str
) -> None:
    await _as(gql, ADMIN)
    await gql(PUBLISH, {"i": {"page": "DASHBOARDS", "role": "analyst", "widgets": [widget("kept")]}})
    await _as(gql, "director@demo.example")
    await gql(SAVE, {"i": {"page": "DASHBOARDS", "widgets": [widget("kept")]}})
    before = await _rows(db)
    body = await gql(SAVE, {"i": {"page": "DASHBOARDS", "version": 1, "widgets": INVALID[problem]}})
    errors = body["data"]["dashboardLayoutSave"]["userErrors"]
    assert [e["code"] for e in errors] == ["BAD_USER_INPUT"] and errors[0]["field"].startswith("widgets"), body
    await _as(gql, ADMIN)
    body = await gql(PUBLISH, {"i": {"page": "DASHBOARDS", "role": "analyst", "widgets": INVALID[problem]}})
    assert [e["code"] for e in body["data"]["dashboardLayoutPublish"]["userErrors"]] == ["BAD_USER_INPUT"]
    assert await _rows(db) == before


async def test_a_valid_layout_is_stored_in_layout_order_with_its_period_and_filters(gql: GraphQLClient) -> None:
    await _as(gql, "director@demo.example")
    widgets = [widget("b", "rfm", y=8, filters={"grades": ["B", "A", "A"]}), widget("a", period="quarter", w=12)]
    saved = await gql(SAVE, {"i": {"page": "DASHBOARDS", "widgets": widgets}})
    stored = saved["data"]["dashboardLayoutSave"]["layout"]["widgets"]
    assert [w["id"] for w in stored] == ["a", "b"]
    assert stored[0]["period"] == "quarter" and stored[1]["filters"] == {"grades": ["A", "B"]}
    assert (await _layout(gql))["widgets"] == stored


async def test_publishing_needs_an_existing_staff_role(gql: GraphQLClient, db: Database) -> None:
    await _as(gql, ADMIN)
    for role in ("no_such_role", "customer", "anonymous"):
        body = await gql(PUBLISH, {"i": {"page": "HOME", "role": role, "widgets": []}})
        assert [e["field"] for e in body["data"]["dashboardLayoutPublish"]["userErrors"]] == ["role"], role
    assert await _rows(db) == []


async def test_an_admin_resets_another_user_s_layout(gql: GraphQLClient, db: Database) -> None:
    await _as(gql, "rep@demo.example")
    await gql(SAVE, {"i": {"page": "HOME", "widgets": [widget("t", "myTasks")]}})
    rep_id = (await gql("{ viewer { id } }"))["data"]["viewer"]["id"]
    await _as(gql, ADMIN)
    body = await gql(RESET, {"i": {"page": "HOME", "userId": rep_id}})
    assert body["data"]["dashboardLayoutReset"] == {"removed": True, "userErrors": []}
    assert await _rows(db) == []
    async with db.read() as session:
        audited = await session.execute(
            text("SELECT action FROM audit_entry WHERE entity_type = 'DashboardLayout' ORDER BY at, action")
        )
        assert [row[0] for row in audited] == ["create", "reset"]


@pytest.mark.parametrize("role", list(STAFF))
async def test_no_other_role_publishes_or_resets_another_user_s_layout(
    gql: GraphQLClient, db: Database, role: str
) -> None:
    await _as(gql, ADMIN)
    await gql(SAVE, {"i": {"page": "HOME", "widgets": [widget("t", "myTasks")]}})
    await gql(PUBLISH, {"i": {"page": "HOME", "role": role, "widgets": [widget("t", "myTasks")]}})
    admin_id = (await gql("{ viewer { id } }"))["data"]["viewer"]["id"]
    before = await _rows(db)
    await _as(gql, STAFF[role])
    attempts = [
        (RESET, {"page": "HOME", "userId": admin_id}),
        (PUBLISH, {"page": "HOME", "role": role, "widgets": []}),
        (UNPUBLISH, {"page": "HOME", "role": role}),
    ]
    for document, given in attempts:
        body = await gql(document, {"i": given})
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"], (document, body)
    listed = await gql(PUBLISHED, {"p": "HOME"})
    assert [e["extensions"]["code"] for e in listed["errors"]] == ["FORBIDDEN"]
    assert await _rows(db) == before
    # their own layout they may arrange and reset
    assert (await _layout(gql, "HOME"))["source"] == "ROLE"
    mine = await gql(SAVE, {"i": {"page": "HOME", "widgets": [widget("t", "myTasks", w=4)]}})
    assert mine["data"]["dashboardLayoutSave"]["userErrors"] == []
    assert (await gql(RESET, {"i": {"page": "HOME"}}))["data"]["dashboardLayoutReset"]["removed"] is True


def test_the_shipped_policy_lets_only_admin_publish() -> None:
    from rapport.assembly import default_policy

    lines = [line.split(", ") for line in default_policy().splitlines() if line.startswith("p, ")]
    for root in (
        "Mutation.dashboardLayoutPublish",
        "Mutation.dashboardLayoutUnpublish",
        "Query.publishedDashboardLayouts",
    ):
        assert {line[1] for line in lines if line[2] == root} == {"admin"}, root
    staff = {line[1] for line in lines if line[2] == "Mutation.dashboardLayoutSave"}
    assert staff == {"admin", "sales_rep", "service_agent", "marketing", "analyst", "integrator"}


async def test_two_first_saves_at_once_store_one_layout_and_refuse_the_other(db: Database) -> None:
    """A double click or two tabs: both saves name no version; one creates the layout, the other answers CONFLICT
    (it found no row to lock, so without the slot's lock both inserted and the unique index failed: INTERNAL)."""
    import asyncio

    from rapport.analytics.layouts.service import save
    from rapport.analytics.layouts.widgets import WidgetDraft
    from rapport.core.errors import ConflictError
    from tests import factories

    director = await factories.principal(db, "director@demo.example")

    async def first_save(name: str) -> str:
        try:
            async with db.write() as session:
                await save(session, director, "dashboards", [WidgetDraft(name, "forecast", 0, 0, 6, 4)], None)
        except ConflictError:
            return "conflict"
        return "saved"

    assert sorted(await asyncio.gather(first_save("a"), first_save("b"))) == ["conflict", "saved"]
    rows = await _rows(db)
    assert [(page, user_id, version) for page, user_id, _, _, version in rows] == [("dashboards", director.user_id, 1)]
