"""Webhook payloads are read through the executor as the integration: for every role and every kind of entity, the
document Rapport builds is one the executor accepts, and it holds exactly the fields the role may read."""

from __future__ import annotations

import uuid

import pytest
from graphql import FieldNode, InlineFragmentNode, OperationDefinitionNode, parse

from rapport.config import Settings
from rapport.core.authz import policy as authz_policy
from rapport.core.authz.policy import Access
from rapport.core.db import Database
from rapport.core.domain_events import ENTITY_TYPES, EVENT_TYPES
from rapport.core.principal import Principal
from rapport.graphql.inprocess import execute_as
from rapport.graphql.node import to_global_id
from rapport.integrations.payloads import SELECTIONS, document_for

pytestmark = pytest.mark.usefixtures("demo")


def _top_level_fields(document: str) -> set[str]:
    """The fields the document asks of the entity itself (its inline fragment's selection)."""
    operation = parse(document).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    node = operation.selection_set.selections[0]
    assert isinstance(node, FieldNode)
    assert node.selection_set is not None
    fragment = node.selection_set.selections[0]
    assert isinstance(fragment, InlineFragmentNode)
    return {s.name.value for s in fragment.selection_set.selections if isinstance(s, FieldNode)}


def _principal(role: str) -> Principal:
    return Principal(
        user_id=uuid.uuid4(),
        email=f"{role}@example.com",
        name=role,
        locale="en",
        roles=frozenset({role}),
        team_id=None,
        team_path=None,
        via="token",
        credential_id=uuid.uuid4(),
    )


def test_every_kind_of_entity_events_are_about_has_a_payload_and_every_type_an_entity() -> None:
    assert set(SELECTIONS) == set(ENTITY_TYPES)
    assert {name.split(".")[0] for name in EVENT_TYPES} == {t[0].lower() + t[1:] for t in ENTITY_TYPES}


async def test_the_executor_accepts_every_roles_payload_document(db: Database, settings: Settings) -> None:
    compiled = authz_policy.current()
    roles = sorted(compiled.role_fields)
    assert {"integrator", "marketing", "sales_rep", "service_agent", "admin"} <= set(roles)
    built = 0
    for role in roles:
        policy = compiled.for_roles([role])
        for entity_type in ENTITY_TYPES:
            document = document_for(policy, entity_type)
            if document is None:
                continue
            built += 1
            missing = to_global_id(entity_type, uuid.uuid4())
            result = await execute_as(db, settings, _principal(role), document, {"id": missing})
            assert result.errors is None, (role, entity_type, document, result.errors)
            assert result.data == {"node": None}, (role, entity_type)
            # nothing the role may not read is asked for; every plain field of the selection it may read is
            asked = _top_level_fields(document)
            for item in SELECTIONS[entity_type]:
                name = item if isinstance(item, str) else item[0]
                readable = policy.access(f"{entity_type}.{name}") >= Access.MASKED
                assert name not in asked or readable, (role, entity_type, name)
                if isinstance(item, str):
                    assert (name in asked) == readable, (role, entity_type, name)
    assert built >= 10
