"""Generated from expected_access.csv: every shipped role reads and writes every field exactly as expected."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLObjectType, GraphQLUnionType, get_named_type
from sqlalchemy import select

from rapport.assembly import build_schema
from rapport.core.authz.masking import mask_address, mask_email, mask_id_number, mask_phone
from rapport.core.db import Database
from rapport.customers.models import Contact, Customer
from tests.authz.conftest import ADDRESS, EMAIL, ID_NUMBER, PHONE, USERS, World, expectations
from tests.conftest import GraphQLClient

EXPECTED = expectations()
ROLES = [r for r in USERS if r != "admin"]
CLEAR = {
    ("Contact", "phones"): [PHONE],
    ("Contact", "emails"): [EMAIL],
    ("Customer", "idNumber"): ID_NUMBER,
    ("Customer", "address"): ADDRESS,
}
MASKED = {
    ("Contact", "phones"): [mask_phone(PHONE)],
    ("Contact", "emails"): [mask_email(EMAIL)],
    ("Customer", "idNumber"): mask_id_number(ID_NUMBER),
    ("Customer", "address"): mask_address(ADDRESS),
}
SCHEMA = build_schema()._schema


def _selection(type_name: str, field: str) -> str:
    named = get_named_type(SCHEMA.type_map[type_name].fields[field].type)  # type: ignore[union-attr]
    return f"{field} {{ __typename }}" if isinstance(named, GraphQLObjectType | GraphQLUnionType) else field


def _query(type_name: str, field: str) -> str:
    inner = _selection(type_name, field)
    if type_name == "Customer":
        return f"query($id: ID!) {{ customer(id: $id) {{ {inner} }} }}"
    if type_name == "Contact":
        return f"query($id: ID!) {{ node(id: $id) {{ ... on Contact {{ {inner} }} }} }}"
    return f"query($id: ID!) {{ customer(id: $id) {{ orders(first: 1) {{ nodes {{ {inner} }} }} }} }}"


def _value(body: dict[str, Any], type_name: str, field: str) -> Any:
    data = body["data"]
    if type_name == "Customer":
        return data["customer"][field]
    if type_name == "Contact":
        return data["node"][field]
    return data["customer"]["orders"]["nodes"][0][field]


@pytest.mark.parametrize("role", ROLES)
async def test_reading_every_field_as_each_role(gql: GraphQLClient, world: World, role: str) -> None:
    assert (await gql.login(USERS[role]))["data"]["login"]["viewer"]
    mismatches: list[str] = []
    for type_name in ("Customer", "Contact", "Order"):
        for field in SCHEMA.type_map[type_name].fields:  # type: ignore[union-attr]
            expected = EXPECTED.get((role, type_name, field), "none")
            target = world.contact_id if type_name == "Contact" else world.customer_id
            body = await gql(_query(type_name, field), {"id": target})
            if expected == "none":
                code = body.get("errors", [{}])[0].get("extensions", {}).get("code")
                if code != "FORBIDDEN" or body.get("data") is not None:
                    mismatches.append(f"{type_name}.{field}: expected FORBIDDEN, got {body}")
                continue
            if "errors" in body:
                mismatches.append(f"{type_name}.{field}: expected {expected}, got {body['errors'][0]['message']}")
                continue
            value = _value(body, type_name, field)
            if (type_name, field) in CLEAR:
                want = MASKED[(type_name, field)] if expected == "masked" else CLEAR[(type_name, field)]
                if value != want:
                    mismatches.append(f"{type_name}.{field}: expected {want!r}, got {value!r}")
    assert mismatches == []


WRITES: dict[str, Any] = {
    "name": "Renamed Co",
    "status": "ACTIVE",
    "grade": "B",
    "source": "web",
    "industry": "零售",
    "province": "浙江省",
    "city": "杭州市",
    "size": "50-199",
    "gender": "MALE",
    "birthDate": "1990-02-03",
    "occupation": "教师",
    "education": "本科",
    "maritalStatus": "MARRIED",
    "creditRating": "AA",
    "riskLevel": "LOW",
    "idNumber": "110101198002023456",
    "address": "朝阳区建国路88号",
    "externalId": "ERP-000123",
}
CONTACT_WRITES: dict[str, Any] = {
    "name": "李娜",
    "title": "CFO",
    "phones": ["13800001111"],
    "emails": ["li@example.cn"],
}


@pytest.mark.parametrize("role", ROLES)
async def test_writing_customer_and_contact_fields_as_each_role(
    gql: GraphQLClient, world: World, db: Database, role: str
) -> None:
    assert (await gql.login(USERS[role]))["data"]["login"]["viewer"]
    mismatches: list[str] = []
    for type_name, writes, mutation, model, raw_id in (
        ("Customer", WRITES, "customerUpdate(input: $i) { customer { id } }", Customer, world.raw_customer_id),
        ("Contact", CONTACT_WRITES, "contactUpdate(input: $i) { contact { id } }", Contact, None),
    ):
        input_type = "CustomerUpdateInput" if type_name == "Customer" else "ContactUpdateInput"
        target = world.customer_id if type_name == "Customer" else world.contact_id
        for field, value in writes.items():
            async with db.read() as session:
                row = (
                    await session.execute(select(model).where(model.id == raw_id))
                    if raw_id is not None
                    else await session.execute(select(Contact).where(Contact.customer_id == world.raw_customer_id))
                ).scalar_one()
            before = (row.version, row.updated_at)
            body = await gql(
                f"mutation($i: {input_type}!) {{ {mutation} }}",
                {"i": {"id": target, "version": row.version, field: value}},
            )
            expected = EXPECTED.get((role, type_name, field), "none")
            async with db.read() as session:
                after_row = await session.get(model, row.id)
            assert after_row is not None
            after = (after_row.version, after_row.updated_at)
            if expected == "write":
                if "errors" in body or after == before:
                    mismatches.append(f"write {type_name}.{field}: expected to change, got {body}")
            else:
                code = body.get("errors", [{}])[0].get("extensions", {}).get("code")
                if code != "FORBIDDEN" or after != before:
                    mismatches.append(f"write {type_name}.{field}: expected FORBIDDEN and no change, got {body}")
    assert mismatches == []


def test_the_expectations_cover_every_shipped_role() -> None:
    assert {role for role, _, _ in EXPECTED} == set(ROLES)
