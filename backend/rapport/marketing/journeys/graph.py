"""A journey's graph: its node types, their configuration keys, and the checks a graph must pass to be saved.

A graph is `{nodes: [{id, type, config, position: {x, y}}], edges: [{source, target, branch}]}`; `branch` is
`yes` or `no` on the two edges out of a condition, null elsewhere. Every error names the node it is about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rapport.core.errors import BadUserInputError
from rapport.core.i18n import Message, msg

#: Node type -> the configuration keys it takes.
NODE_KEYS: Mapping[str, frozenset[str]] = {
    "trigger": frozenset({"kind", "segmentId", "event", "field", "pattern"}),
    "wait": frozenset({"days", "hours", "minutes", "until"}),
    "condition": frozenset({"kind", "hours", "since", "tag", "pattern", "event"}),
    "send": frozenset({"channel", "content"}),
    "task": frozenset({"title", "notes", "dueInHours"}),
    "tag_add": frozenset({"tags"}),
    "tag_remove": frozenset({"tags"}),
    "webhook": frozenset({"url", "secret", "secretEnc", "secretSet"}),
    "audience": frozenset({"mode", "audience", "url", "secret", "secretEnc", "secretSet"}),
}
#: Trigger kinds -> the key each needs.
TRIGGER_KINDS: Mapping[str, str] = {
    "segment_entry": "segmentId",
    "event": "event",
    "date": "field",
    "page_view": "pattern",
}
#: Trigger events -> the domain event type each is read from.
TRIGGER_EVENTS: Mapping[str, str] = {
    "order.placed": "order.created",
    "ticket.closed": "ticket.changed",
    "lead.created": "lead.created",
    # analytics: a customer's churn risk crossed into high (a win-back journey)
    "customer.churn_risk_high": "customer.churn_risk_high",
}
#: Date fields a date trigger fires on (yearly, on the day of the date).
DATE_FIELDS = ("created_at", "birth_date")
CONDITION_KINDS = ("ordered_within", "has_tag", "viewed_page", "engaged")
CHANNELS = ("email", "sms", "webhook")
MAX_NODES = 100
#: Bounds of config values: hours a condition looks back or a task is due in, tags per node, text lengths.
MAX_HOURS = 24 * 366
WAIT_MOST = {"days": 366, "hours": MAX_HOURS, "minutes": 60 * MAX_HOURS}
MAX_TAGS = 20
TAG, SHORT_TEXT, LONG_TEXT, URL, BODY = 64, 200, 500, 2000, 10_000
_UNTIL = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Node:
    """A node of a validated graph."""

    id: str
    type: str
    config: dict[str, Any]


@dataclass
class Graph:
    """A validated graph: nodes by id, the trigger, and where each node leads (by branch: None, yes or no)."""

    nodes: dict[str, Node]
    trigger: Node
    next: dict[str, dict[str | None, str]] = field(default_factory=dict)

    def after(self, node_id: str, branch: str | None = None) -> str | None:
        """The node that follows `node_id` (on `branch` for conditions); None at an end."""
        return self.next.get(node_id, {}).get(branch)


class GraphError(BadUserInputError):
    """A journey's graph that cannot be saved; the message names the node at fault."""

    def __init__(self, message: Message) -> None:
        super().__init__(message, field="graph")


def parse(raw: Any) -> Graph:
    """The graph, checked: known node types and keys, exactly one trigger, every node reachable, no cycles,
    conditions with a yes and a no edge. Raises BAD_USER_INPUT naming the node at fault."""
    if not isinstance(raw, dict) or not isinstance(raw.get("nodes"), list) or not isinstance(raw.get("edges"), list):
        raise GraphError(msg("A journey's graph needs a list of nodes and a list of edges."))
    if len(raw["nodes"]) > MAX_NODES:
        raise GraphError(msg("A journey has at most {n} nodes.", n=MAX_NODES))
    nodes: dict[str, Node] = {}
    for item in raw["nodes"]:
        node = _node(item)
        if node.id in nodes:
            raise GraphError(msg("Node {node}: two nodes have this id.", node=node.id))
        nodes[node.id] = node
    triggers = [node for node in nodes.values() if node.type == "trigger"]
    if len(triggers) != 1:
        raise GraphError(msg("A journey needs exactly one trigger node (it has {n}).", n=len(triggers)))
    graph = Graph(nodes, triggers[0])
    for edge in raw["edges"]:
        _edge(graph, edge)
    for node in nodes.values():
        branches = set(graph.next.get(node.id, {}))
        if node.type == "condition" and branches != {"yes", "no"}:
            raise GraphError(msg("Node {node}: a condition needs one 'yes' edge and one 'no' edge.", node=node.id))
    _check_shape(graph)
    return graph


def _node(item: Any) -> Node:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not 0 < len(item["id"]) <= 64:
        raise GraphError(msg("Every node needs an id (text of 1 to 64 characters)."))
    node_id, kind, config = item["id"], item.get("type"), item.get("config") or {}
    if not isinstance(kind, str) or kind not in NODE_KEYS:
        raise GraphError(msg("Node {node}: unknown node type {type}.", node=node_id, type=str(kind)))
    if not isinstance(config, dict):
        raise GraphError(msg("Node {node}: its config must be an object.", node=node_id))
    unknown = sorted(set(config) - NODE_KEYS[kind])
    if unknown:
        raise GraphError(msg("Node {node}: unknown config key {key}.", node=node_id, key=unknown[0]))
    position = item.get("position", {"x": 0, "y": 0})
    if not isinstance(position, dict) or not all(isinstance(position.get(k), int | float) for k in ("x", "y")):
        raise GraphError(msg("Node {node}: its position needs numbers x and y.", node=node_id))
    node = Node(node_id, kind, config)
    _check_config(node)
    return node


_CONFIG: Any = object()  # `_text`: read the value from the node's config


def _need(node: Node, ok: bool, key: str) -> None:
    if not ok:
        raise GraphError(msg("Node {node}: config {key} is missing or invalid.", node=node.id, key=key))


def _number(node: Node, key: str, low: int, high: int, default: int | None = None) -> None:
    """A whole number (not a boolean) from `low` to `high`; `default` when the key may be left out."""
    value = node.config.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise GraphError(
            msg(
                "Node {node}: config {key} must be a whole number from {min} to {max}.",
                node=node.id,
                key=key,
                min=low,
                max=high,
            )
        )


def _text(node: Node, key: str, longest: int, *, optional: bool = False, value: Any = _CONFIG) -> None:
    """Text of 1 to `longest` characters (not only spaces): `value`, else the config's `key`; None (and, for a
    secret, empty) allowed when optional."""
    value = node.config.get(key) if value is _CONFIG else value
    if optional and key == "secret" and value == "":
        return
    if optional and value is None:
        return
    if not isinstance(value, str) or not value.strip() or len(value) > longest:
        raise GraphError(
            msg("Node {node}: config {key} must be text of 1 to {max} characters.", node=node.id, key=key, max=longest)
        )


def _check_config(node: Node) -> None:
    config = node.config
    if node.type == "trigger":
        kind = config.get("kind")
        _need(node, isinstance(kind, str) and kind in TRIGGER_KINDS, "kind")
        key = TRIGGER_KINDS[str(kind)]
        _text(node, key, LONG_TEXT)
        if kind == "event":
            _need(node, config["event"] in TRIGGER_EVENTS, "event")
        if kind == "date":
            _need(node, config["field"] in DATE_FIELDS, "field")
    elif node.type == "wait":
        if "until" in config:
            _need(node, isinstance(config["until"], str) and bool(_UNTIL.match(config["until"])), "until")
        for key, most in WAIT_MOST.items():
            if key in config:
                _number(node, key, 0, most)
        _need(node, any(k in config for k in (*WAIT_MOST, "until")), "hours")
    elif node.type == "condition":
        _check_condition(node)
    elif node.type == "send":
        _need(node, config.get("channel") in CHANNELS, "channel")
        content = config.get("content")
        _need(node, isinstance(content, dict) and 0 < len(content) <= 10, "content")
        assert isinstance(content, dict)
        for language, text in content.items():
            _need(node, len(language) <= 16 and isinstance(text, dict) and set(text) <= {"subject", "body"}, "content")
            _text(node, "content", BODY, value=text.get("body"))
            _text(node, "content", SHORT_TEXT, optional=True, value=text.get("subject") or None)  # SMS: none
    elif node.type == "task":
        _text(node, "title", SHORT_TEXT)
        _text(node, "notes", BODY, optional=True)
        _number(node, "dueInHours", 0, MAX_HOURS, default=24)
    elif node.type in ("tag_add", "tag_remove"):
        tags = config.get("tags")
        _need(node, isinstance(tags, list) and 0 < len(tags) <= MAX_TAGS, "tags")
        assert isinstance(tags, list)
        for tag in tags:
            _text(node, "tags", TAG, value=tag)
    else:
        _check_endpoint(node)


def _check_condition(node: Node) -> None:
    config = node.config
    kind = config.get("kind")
    _need(node, kind in CONDITION_KINDS, "kind")
    if kind in ("ordered_within", "viewed_page"):
        _number(node, "hours", 1, MAX_HOURS)
        _need(node, config.get("since", "entered") in ("entered", "previous_step"), "since")
    if kind == "has_tag":
        _text(node, "tag", TAG)
    if kind == "viewed_page":
        _text(node, "pattern", LONG_TEXT)
    if kind == "engaged":
        _need(node, config.get("event") in ("opened", "clicked"), "event")
        _need(node, config.get("since", "entered") in ("entered", "previous_step"), "since")


def _check_endpoint(node: Node) -> None:
    config = node.config
    if node.type == "audience":
        _need(node, config.get("mode") in ("webhook", "file"), "mode")
        _text(node, "audience", SHORT_TEXT)
        if config["mode"] == "file":
            return
    _text(node, "url", URL)
    _need(node, str(config["url"]).startswith(("https://", "http://")), "url")
    _text(node, "secret", SHORT_TEXT, optional=True)
    _text(node, "secretEnc", BODY, optional=True)
    _need(node, bool(config.get("secret")) or bool(config.get("secretEnc")), "secret")


def _edge(graph: Graph, edge: Any) -> None:
    if not isinstance(edge, dict):
        raise GraphError(msg("Every edge needs a source and a target node."))
    source, target, branch = edge.get("source"), edge.get("target"), edge.get("branch")
    for end in (source, target):
        if end not in graph.nodes:
            raise GraphError(msg("An edge names node {node}, which the graph does not have.", node=str(end)))
    assert isinstance(source, str)
    assert isinstance(target, str)
    if target == graph.trigger.id:
        raise GraphError(msg("Node {node}: nothing may lead back to the trigger.", node=target))
    is_condition = graph.nodes[source].type == "condition"
    if (is_condition and branch not in ("yes", "no")) or (not is_condition and branch is not None):
        raise GraphError(msg("Node {node}: only a condition's edges have a branch, yes or no.", node=source))
    outgoing = graph.next.setdefault(source, {})
    if branch in outgoing:
        raise GraphError(msg("Node {node}: it has more than one edge out on the same branch.", node=source))
    outgoing[branch] = target


def _check_shape(graph: Graph) -> None:
    """Every node reachable from the trigger; no cycles (a path never meets itself)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished

    def visit(node_id: str) -> None:
        state[node_id] = 1
        for target in graph.next.get(node_id, {}).values():
            if state.get(target) == 1:
                raise GraphError(msg("Node {node}: it closes a cycle; journeys run forward only.", node=target))
            if target not in state:
                visit(target)
        state[node_id] = 2

    visit(graph.trigger.id)
    for node_id in graph.nodes:
        if node_id not in state:
            raise GraphError(msg("Node {node}: it cannot be reached from the trigger.", node=node_id))
