"""The roots answered by one statement building the whole answer as JSON (`rapport.graphql.json_roots`): compiled,
such a statement leaves out the parts the operation does not read (`answer_object`), so each field, asked alone,
must answer as the resolvers (which read the whole answer) do - generated over every JSON root and every field."""

from __future__ import annotations

import re
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema, get_named_type
from sqlalchemy import text

from rapport.assembly import build_schema
from rapport.config import Settings
from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from tests import factories
from tests.conftest import app_document, both_paths, compiled_sql

#: Each JSON root's caller and arguments (a caller who may read it, on the demo data).
CALLS = {
    "salesFunnel": ("director@demo.example", '(from: "2024-01-01", to: "2026-12-31")'),
    "salesPerformance": ("director@demo.example", '(by: REP, from: "2024-01-01", to: "2026-12-31")'),
    "salesForecast": ("director@demo.example", "(period: QUARTER)"),
    "customerGroups": ("manager@demo.example", "(by: GRADE)"),
    "regions": ("rep@demo.example", ""),
    "serviceStats": ("supervisor@demo.example", '(createdFrom: "2024-01-01T00:00:00Z", bucket: WEEK)'),
    "marketingSettings": ("mktmanager@demo.example", ""),
    # layouts stored after seeding (`_layouts`): the director's own, two published to roles
    "dashboardLayout": ("director@demo.example", "(page: DASHBOARDS)"),
    "publishedDashboardLayouts": ("admin@demo.example", "(page: HOME)"),
    # `{contact}`: the demo contact with the most marketing messages (found after seeding).
    "contactMarketingLedger": ("marketing@demo.example", '(contactId: "{contact}")'),
}
#: Of a root's object fields, the selection the compiled answer holds where it holds less than every field: the
#: ledger names its entry's campaign or journey (other fields of theirs, e.g. a campaign's progress, are asked of the
#: resolvers: `rapport.marketing.consent.answers`).
NARROWED = {
    "contactMarketingLedger": {
        "campaign": "campaign { id name status createdAt }",
        "journey": "journey { id name status createdAt }",
    }
}


async def _layouts(db: Database) -> None:
    """The director's own layout of the dashboards, and home layouts published to two roles."""
    widgets = (
        '[{"id": "a", "kind": "rfm", "x": 0, "y": 0, "w": 6, "h": 8, "period": "year", "filters": {"grades": ["A"]}}]'
    )
    async with db.write() as session:
        await session.execute(
            text(
                "INSERT INTO dashboard_layout (id, page, user_id, role, widgets, version, created_at, updated_at) "
                "SELECT gen_random_uuid(), 'dashboards', id, NULL, CAST(:w AS jsonb), 3, now(), "
                "'2026-03-04 05:06:07.123456+00' FROM app_user WHERE email = 'director@demo.example' "
                "UNION ALL SELECT gen_random_uuid(), 'home', NULL, r, '[]', 1, now(), now() "
                "FROM unnest(ARRAY['sales_rep', 'analyst']) r"
            ),
            {"w": widgets},
        )


def _selection(schema: GraphQLSchema, type_name: str) -> dict[str, str]:
    """Each field of a type with what it selects below (every field, one level of objects down)."""
    kind = schema.get_type(type_name)
    assert isinstance(kind, GraphQLObjectType)
    fields: dict[str, str] = {}
    for name, definition in kind.fields.items():
        inner = get_named_type(definition.type)
        if isinstance(inner, GraphQLObjectType):
            leaves = [n for n, d in inner.fields.items() if not isinstance(get_named_type(d.type), GraphQLObjectType)]
            fields[name] = f"{name} {{ {' '.join(leaves)} }}"
        else:
            fields[name] = name
    return fields


async def test_each_field_of_every_json_root_alone_answers_as_the_resolvers(settings: Settings, db: Database) -> None:
    from rapport.demo import seed_demo

    await seed_demo(db, settings, locale="zh_CN", customers=40)
    async with db.read() as session:
        contact = await session.scalar(
            text("SELECT contact_id FROM marketing_message GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
        )
    assert contact is not None, "the demo sends marketing messages"
    await _layouts(db)
    strawberry_schema = build_schema(settings)
    roots = {name: spec.target for name, spec in strawberry_schema.catalog.roots.items() if spec.shape == "json"}
    schema = strawberry_schema._schema
    assert set(roots) == set(CALLS), f"give every JSON root a caller in CALLS: {set(roots) ^ set(CALLS)}"
    compared = 0
    for root, (email, template) in CALLS.items():
        arguments = template.replace("{contact}", to_global_id("Contact", contact))
        async with both_paths(settings, db, email) as paths:
            for selection in {**_selection(schema, roots[root]), **NARROWED.get(root, {})}.values():
                document = f"{{ {root}{arguments} {{ {selection} }} }}"
                expected = await paths.slow(document)
                assert "errors" not in expected, (document, expected)
                served = paths.served
                assert await paths.fast(document) == expected, document
                assert paths.served == served + 1, f"{document}: not compiled"
                compared += 1
    assert compared >= 40


async def test_the_supervisors_home_page_reads_the_tickets_once_per_part_it_shows(
    settings: Settings, db: Database, demo: dict[str, Any]
) -> None:
    """`HomeServiceOverview` reads the satisfaction figures, the backlog and the trend: three passes over the
    tickets, not the seven of the whole service answer (volumes and satisfaction per agent and team)."""
    text = app_document("HomeServiceOverview")
    variables = {"createdFrom": "2026-01-01T00:00:00+00:00", "withTeams": True}
    async with both_paths(settings, db, "supervisor@demo.example") as paths:
        principal = await factories.principal(db, "supervisor@demo.example")
        sql = await compiled_sql(paths.app, principal, text, "HomeServiceOverview", variables)
    assert len(re.findall(r"\bFROM ticket\s", sql)) == 3, sql
