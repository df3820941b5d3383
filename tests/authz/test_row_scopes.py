"""Row scopes: reps see their own, managers their team subtree, directors all of sales, agents related rows."""

from __future__ import annotations

from typing import Any

from rapport.core.db import Database
from rapport.customers.service import ContactDraft
from rapport.graphql.node import to_global_id
from tests import factories
from tests.authz.conftest import related_to_everyone
from tests.conftest import GraphQLClient

LIST = "{ customers(first: 100, orderBy: {field: NAME}) { totalCount nodes { name } } }"


async def _names(gql: GraphQLClient, email: str) -> tuple[list[str], int]:
    await gql.login(email)
    body = await gql(LIST)
    assert "errors" not in body, body
    page = body["data"]["customers"]
    return [n["name"] for n in page["nodes"]], page["totalCount"]


async def test_each_role_sees_exactly_its_rows(gql: GraphQLClient, demo: dict[str, Any], db: Database) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    rep2 = await factories.principal(db, "rep2@demo.example")
    manager = await factories.principal(db, "manager@demo.example")
    await factories.customer(db, rep, "A-rep")
    await factories.customer(db, rep2, "B-rep2")
    await factories.customer(db, manager, "C-manager")
    await factories.customer(db, rep, "D-ticketed")

    assert await _names(gql, "rep@demo.example") == (["A-rep", "D-ticketed"], 2)
    assert await _names(gql, "rep2@demo.example") == (["B-rep2"], 1)
    # The manager leads East Sales, where rep works; rep2 is in North Sales.
    assert await _names(gql, "manager@demo.example") == (["A-rep", "C-manager", "D-ticketed"], 3)
    assert await _names(gql, "director@demo.example") == (["A-rep", "B-rep2", "C-manager", "D-ticketed"], 4)
    assert await _names(gql, "agent@demo.example") == ([], 0)
    with related_to_everyone("D-ticketed"):
        assert await _names(gql, "agent@demo.example") == (["D-ticketed"], 1)


async def test_reassigning_a_customer_moves_it_between_scopes(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    rep2 = await factories.principal(db, "rep2@demo.example")
    customer = await factories.customer(db, rep, "Moving Co")
    await gql.login("director@demo.example")
    moved = await gql(
        "mutation($i: CustomerUpdateInput!) { customerUpdate(input: $i) { customer { owner { email } team { name } } } }",
        {
            "i": {
                "id": to_global_id("Customer", customer.id),
                "version": 1,
                "ownerId": to_global_id("User", rep2.user_id),
            }
        },
    )
    assert moved["data"]["customerUpdate"]["customer"] == {
        "owner": {"email": "rep2@demo.example"},
        "team": {"name": "North Sales"},
    }
    assert await _names(gql, "rep@demo.example") == ([], 0)
    assert await _names(gql, "manager@demo.example") == ([], 0)
    assert await _names(gql, "rep2@demo.example") == (["Moving Co"], 1)


async def test_out_of_scope_ids_answer_like_missing_ones(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    import uuid

    rep2 = await factories.principal(db, "rep2@demo.example")
    theirs = await factories.customer(db, rep2, "Not yours", contacts=[ContactDraft("Hidden", phones=["13900009999"])])
    await gql.login("rep@demo.example")
    hidden_id = to_global_id("Customer", theirs.id)
    missing_id = to_global_id("Customer", uuid.uuid4())
    for query in (
        "query($id: ID!) { customer(id: $id) { name } }",
        "query($id: ID!) { node(id: $id) { ... on Customer { name } } }",
    ):
        hidden, missing = await gql(query, {"id": hidden_id}), await gql(query, {"id": missing_id})
        assert hidden == missing
        assert next(iter(hidden["data"].values())) is None
    # Mutations on out-of-scope rows answer NOT_FOUND, as for ids that do not exist.
    update = "mutation($i: CustomerUpdateInput!) { customerUpdate(input: $i) { customer { id } } }"
    for cid in (hidden_id, missing_id):
        body = await gql(update, {"i": {"id": cid, "version": 1, "name": "x"}})
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert body["errors"][0]["message"] == "No customer with that id."
    # Searching their phone finds nothing, and counts ignore their rows.
    assert (await gql('{ customers(search: "13900009999") { totalCount } }'))["data"]["customers"]["totalCount"] == 0
    log = await gql(
        "mutation($i: ActivityLogInput!) { activityLog(input: $i) { activity { id } } }",
        {"i": {"customerId": hidden_id, "kind": "CALL", "subject": "peek"}},
    )
    assert log["errors"][0]["extensions"]["code"] == "NOT_FOUND"
