"""Sensitive and rendered values in a compiled read's answer: decrypted, masked or rendered in place (in the
reader's language, and by their policy where the declaration says so), as the resolvers would answer them, with
clear reads queued for the audit (`rapport.graphql.fastpath`)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import orjson

from rapport.core.authz.reveal import reveal
from rapport.core.crypto import vault
from rapport.graphql.compiler import ObjectPlan
from rapport.graphql.compiler.nodes import ConnectionPart, binary_column, plan_children
from rapport.graphql.compiler.pages import project_json
from rapport.graphql.json_roots import as_json


def _reveal(value: Any, plan: ObjectPlan, context: Any) -> None:
    """Decrypt, mask or queue for the audit each sensitive value under `value`, and render each rendered one, in
    place."""
    if value is None:
        return
    if isinstance(value, list):
        for item in value:
            _reveal(item, plan, context)
        return
    for item in plan.fields:
        if item.kind == "rendered":
            assert item.rendered is not None
            model: Any = plan.projection.model
            columns = zip(item.rendered.columns, value[item.key], strict=True)
            stored = [base64.b64decode(v) if binary_column(model, c) and v is not None else v for c, v in columns]
            shown = item.rendered.value(context.locale, context.policy, stored)
            # An object (or list of objects): the selection projected from its JSON form, as a given value's.
            value[item.key] = shown if item.child is None else project_json(item.child, as_json(shown))
        elif item.kind == "given":
            assert item.given is not None
            assert item.child is not None
            own = value[item.key] is True
            value[item.key] = project_json(item.child, as_json(item.given.value(context.policy))) if own else None
        elif item.kind == "sensitive":
            spec = item.sensitive
            assert spec is not None
            stored = value[item.key]
            if stored is None:
                value[item.key] = [] if spec.many else None
                continue
            row_id, entity_id, ciphertext = stored  # ids as PostgreSQL prints them: the canonical UUID text
            text = vault().cipher.decrypt(
                base64.b64decode(ciphertext), table=spec.table, column=spec.column_name, row_id=row_id
            )
            values = list(orjson.loads(text)) if spec.many else [text]
            shown = reveal(context, spec.type_field, values, (spec.entity_type, entity_id))
            value[item.key] = shown if spec.many else shown[0]
        elif item.child is not None and any(child.sensitive_below for child in plan_children(item)):
            reveal_under(value[item.key], item.child, item.connection_keys, context)


def reveal_under(value: Any, plan: ObjectPlan, connection_keys: Sequence[ConnectionPart], context: Any) -> None:
    """`_reveal` on a field's value: the object or list itself, or a connection's nodes and edges' nodes."""
    if not connection_keys:
        _reveal(value, plan, context)
        return
    if value is None:
        return
    for part in connection_keys:
        if part.child is None or not part.child.sensitive_below:
            continue
        if part.kind == "nodes":
            _reveal(value[part.key], part.child, context)
        else:
            node_keys = [key for key, field in part.fields if field == "node"]
            for edge in value[part.key]:
                _reveal(edge[node_keys[0]], part.child, context)
