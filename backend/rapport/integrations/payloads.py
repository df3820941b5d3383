"""What a webhook says about an entity: a GraphQL document run as the endpoint's integration user.

Each kind of entity has one selection. For an integration, the document keeps the fields its policy lets it read
at all (masked ones are masked by the executor), and the executor runs it as that user: masks, row scopes and
the audit of sensitive reads are those of any request the integration sends. An entity the integration may not
see gives no payload, and so no delivery. The selection is filtered only to spare the integration a refusal; the
executor's own check still runs, and a document it refuses is reported, never sent.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from rapport.config import Settings
from rapport.core.authz.policy import Access, PrincipalPolicy
from rapport.core.authz.policy import current as current_policy
from rapport.core.db import Database
from rapport.core.principal import Principal
from rapport.graphql.inprocess import execute_as
from rapport.graphql.node import to_global_id

#: A selection: a field's name, or (field, its type, the selection of its object).
Field = str | tuple[str, str, "Selection"]
Selection = tuple[Field, ...]

_PERSON: Selection = ("id", "name")
_NAMED: Selection = ("id", "name")

SELECTIONS: dict[str, Selection] = {
    "Customer": (
        "id", "version", "kind", "name", "status", "grade", "source", "industry", "province", "city", "poolStatus",
        "archivedAt", "createdAt", "updatedAt",
        ("owner", "User", ("id", "name", "email")),
        ("team", "Team", _NAMED),
        ("mergedInto", "Customer", _NAMED),
        ("tags", "Tag", ("name",)),
        ("contacts", "Contact", ("id", "name", "title", "isPrimary", "phones", "emails")),
    ),
    "Order": (
        "id", "number", "channel", "status", "orderedAt", "totalAmount", "currency",
        ("customer", "Customer", _NAMED),
    ),
    "Lead": (
        "id", "version", "name", "company", "title", "source", "province", "city", "status", "score",
        "createdAt", "updatedAt", "phone", "email",
        ("owner", "User", _PERSON),
        ("customer", "Customer", _NAMED),
    ),
    "Opportunity": (
        "id", "version", "name", "amount", "status", "expectedClose", "lostReason", "closedAt", "createdAt",
        "updatedAt",
        ("stage", "PipelineStage", ("id", "key", "name", "isWon", "isLost")),
        ("customer", "Customer", _NAMED),
        ("owner", "User", _PERSON),
        ("order", "Order", ("id", "number")),
    ),
    "Ticket": (
        "id", "version", "number", "subject", "channel", "category", "priority", "status", "escalationLevel",
        "rating", "createdAt", "updatedAt", "firstRespondedAt", "resolvedAt", "closedAt",
        ("customer", "Customer", _NAMED),
        ("contact", "Contact", _NAMED),
        ("queue", "Team", _NAMED),
        ("assignee", "User", _PERSON),
    ),
}  # fmt: skip

#: Ids in an event's data, by key, with the type they are ids of (sent as global ids).
DATA_IDS = {"mergedId": "Customer"}


def _fields(policy: PrincipalPolicy, type_name: str, selection: Selection) -> str:
    parts: list[str] = []
    for item in selection:
        name, inner = (item, None) if isinstance(item, str) else (item[0], item[1:])
        if policy.access(f"{type_name}.{name}") < Access.MASKED:
            continue
        if inner is None:
            parts.append(name)
            continue
        nested = _fields(policy, inner[0], inner[1])
        if nested:
            parts.append(f"{name} {{ {nested} }}")
    return " ".join(parts)


_documents: dict[tuple[int, frozenset[str], str], str | None] = {}


def document_for(policy: PrincipalPolicy, entity_type: str) -> str | None:
    """The payload document of an entity type for this policy; None when it may read nothing of such entities."""
    key = (policy.version, policy.roles, entity_type)
    if key in _documents:
        return _documents[key]
    fields = _fields(policy, entity_type, SELECTIONS[entity_type])
    document = None
    if fields and policy.access("Query.node") >= Access.READ:
        document = f"query WebhookPayload($id: ID!) {{ node(id: $id) {{ ... on {entity_type} {{ {fields} }} }} }}"
    if len(_documents) >= 1024:
        _documents.clear()
    _documents[key] = document
    return document


class PayloadRefusedError(Exception):
    """The executor refused the payload's document for this integration (reported on the delivery, not sent)."""


@dataclass(frozen=True)
class Entity:
    """The entity an event is about."""

    type: str
    id: uuid.UUID


def entity_key(entity_type: str) -> str:
    """The key of the entity's object in a payload (`Customer` -> `customer`)."""
    return entity_type[0].lower() + entity_type[1:]


async def read_entity(db: Database, settings: Settings, principal: Principal, entity: Entity) -> dict[str, Any] | None:
    """The entity as the integration sees it now, or None when it may not see it (or it is gone)."""
    policy = current_policy().for_roles(principal.roles)
    document = document_for(policy, entity.type)
    if document is None:
        return None
    result = await execute_as(
        db, settings, principal, document, {"id": to_global_id(entity.type, entity.id)}, on_behalf_of="webhook"
    )
    if result.errors:
        text = "; ".join(error.message for error in result.errors)[:2000]
        if all((error.extensions or {}).get("code") == "FORBIDDEN" for error in result.errors):
            raise PayloadRefusedError(text)
        # Anything else (the database away, a pool timeout) is passing: the dispatcher's page rolls back and runs
        # again, so no event is dropped for it.
        raise RuntimeError(f"reading a webhook payload failed: {text}")
    node = (result.data or {}).get("node")
    return node if isinstance(node, dict) and node else None


def event_data(data: dict[str, Any]) -> dict[str, Any]:
    """An event's data as sent: raw ids turned into global ids."""
    shown: dict[str, Any] = {}
    for key, value in data.items():
        shown[key] = (
            to_global_id(DATA_IDS[key], uuid.UUID(value)) if key in DATA_IDS and isinstance(value, str) else value
        )
    return shown
