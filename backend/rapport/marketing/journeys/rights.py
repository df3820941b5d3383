"""What a journey's nodes need of the people it runs for: the field rights each action writes or reads with.

A journey runs with its owner's rights, so a node may only do what its owner could do through the API; a condition
only tests what its owner may read (`CONDITION_NEEDS`, like segment rules). A tag node writes `Customer.tags` (the
`customerTag`/`customerUntag` mutations' rights), a task node creates a task (`taskCreate` and the task fields it
fills), an audience node exports contacts' emails and phones (unmasked read, unless it posts to an ad platform an
administrator sanctioned: `Settings.audience_hosts`). The same check runs when a graph is saved or activated (for the
editor and the owner) and again before each action runs (for the owner as they are then).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from urllib.parse import urlsplit

from rapport.core.authz.policy import Access
from rapport.core.authz.policy import current as current_policy
from rapport.core.errors import ForbiddenError
from rapport.core.i18n import Message, msg
from rapport.core.principal import Principal
from rapport.marketing.journeys.graph import Graph, Node

W, R = Access.WRITE, Access.READ
_TASK = (("Mutation.taskCreate", W), ("Task.title", W), ("Task.dueAt", W), ("Task.customer", W), ("Task.assignee", W))
#: Action node type -> the (Type.field, access) its action needs.
ACTION_NEEDS: dict[str, tuple[tuple[str, Access], ...]] = {
    "tag_add": (("Mutation.customerTag", W), ("Customer.tags", W)),
    "tag_remove": (("Mutation.customerUntag", W), ("Customer.tags", W)),
    "task": _TASK,
    "audience": (("Contact.emails", R), ("Contact.phones", R)),
}


_TOUCHES = (("AttributedTouch.kind", R), ("AttributedTouch.at", R))
#: Condition kind -> the fields its test reads (as segment rules on the same facts do); page views and message
#: engagement are the customer's marketing touches (`utm_visit`, `message_opened`, `message_clicked`).
CONDITION_NEEDS: dict[str, tuple[tuple[str, Access], ...]] = {
    "has_tag": (("Customer.tags", R), ("Tag.name", R)),
    "ordered_within": (("Customer.orders", R), ("Order.orderedAt", R)),
    "viewed_page": _TOUCHES,
    "engaged": _TOUCHES,
}


def _sanctioned(node: Node, hosts: Collection[str]) -> bool:
    """An audience node posting over https to an ad platform an administrator sanctioned (Settings.audience_hosts)."""
    if node.config.get("mode") != "webhook":
        return False
    url = urlsplit(str(node.config.get("url") or ""))
    return url.scheme == "https" and (url.hostname or "").lower() in hosts


def node_needs(node: Node, hosts: Collection[str] = ()) -> tuple[tuple[str, Access], ...]:
    """The field rights a node needs (empty for nodes that touch nothing governed). An audience node sent to a
    sanctioned ad platform (`hosts`) shows nobody the identifiers: it needs no unmasked read."""
    if node.type == "condition":
        return CONDITION_NEEDS.get(str(node.config.get("kind")), ())
    if node.type == "audience" and _sanctioned(node, hosts):
        return ()
    needs = ACTION_NEEDS.get(node.type, ())
    if node.type == "task" and node.config.get("notes") is not None:
        needs = (*needs, ("Task.notes", W))
    return needs


def denied(principal: Principal | None, node: Node, hosts: Collection[str] = ()) -> list[str]:
    """The `Type.field`s of a node's needs this principal lacks (every one when there is no principal)."""
    needs = node_needs(node, hosts)
    if principal is None:
        return [name for name, _ in needs]
    policy = current_policy().for_roles(principal.roles)
    return [name for name, _ in policy.denied(needs)]


def refusal(node: Node, fields: Iterable[str]) -> Message:
    """Why a node may not run now: the fields its owner lacks (stored as the step's and enrollment's error)."""
    return msg(
        "Node {node}: the journey's owner may not do this (it needs {fields}).", node=node.id, fields=", ".join(fields)
    )


def authorize_reads(graph: Graph, principal: Principal) -> None:
    """FORBIDDEN, naming the node, unless the caller may read what every condition tests (the dry run)."""
    for node in graph.nodes.values():
        missing = denied(principal, node) if node.type == "condition" else []
        if missing:
            text = msg(
                "Node {node}: you may not test this (it reads {fields}).", node=node.id, fields=", ".join(missing)
            )
            raise ForbiddenError(text, fields=missing, node=node.id)


def authorize(graph: Graph, editor: Principal, owner: Principal | None, hosts: Collection[str] = ()) -> None:
    """FORBIDDEN, naming the node, unless the editor and the journey's owner (whose rights it runs with) both have
    every right the graph's actions need."""
    for node in graph.nodes.values():
        missing = denied(editor, node, hosts)
        if missing and node.type == "condition":
            text = msg(
                "Node {node}: you may not test this (it reads {fields}).", node=node.id, fields=", ".join(missing)
            )
            raise ForbiddenError(text, fields=missing, node=node.id)
        if missing:
            text = msg(
                "Node {node}: you may not use this action (it needs {fields}).", node=node.id, fields=", ".join(missing)
            )
            raise ForbiddenError(text, fields=missing, node=node.id)
        missing = denied(owner, node, hosts)
        if missing and owner is None:
            raise ForbiddenError(msg("Node {node}: the journey's owner is inactive.", node=node.id), node=node.id)
        if missing:
            text = refusal(node, missing)
            raise ForbiddenError(text, fields=missing, node=node.id)
