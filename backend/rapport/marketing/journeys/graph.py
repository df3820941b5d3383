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
}
#: Date fields a date trigger fires on (yearly, on the day of the date).
DATE_FIELDS = ("created_at", "birth_date")
CONDITION_KINDS = ("ordered_within", "has_tag", "viewed_page", "engaged")
CHANNELS = ("email", "sms", "webhook")
MAX_NODES = 100
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


def _need(node: Node, ok: bool, key: str) -> None:
    if not ok:
        raise GraphError(msg("Node {node}: config {key} is missing or invalid.", node=node.id, key=key))


def _check_config(node: Node) -> None:
    config = node.config
    if node.type == "trigger":
        kind = config.get("kind")
        _need(node, isinstance(kind, str) and kind in TRIGGER_KINDS, "kind")
        key = TRIGGER_KINDS[str(kind)]
        _need(node, isinstance(config.get(key), str) and bool(config[key].strip()), key)
        if kind == "event":
            _need(node, config["event"] in TRIGGER_EVENTS, "event")
        if kind == "date":
            _need(node, config["field"] in DATE_FIELDS, "field")
    elif node.type == "wait":
        if "until" in config:
            _need(node, isinstance(config["until"], str) and bool(_UNTIL.match(config["until"])), "until")
        durations = [config.get(k) for k in ("days", "hours", "minutes") if k in config]
        _need(node, all(isinstance(v, int) and 0 <= v <= 10_000 for v in durations), "hours")
        _need(node, bool(durations) or "until" in config, "hours")
    elif node.type == "condition":
        kind = config.get("kind")
        _need(node, kind in CONDITION_KINDS, "kind")
        if kind in ("ordered_within", "viewed_page"):
            _need(node, isinstance(config.get("hours"), int) and 0 < config["hours"] <= 24 * 366, "hours")
            _need(node, config.get("since", "entered") in ("entered", "previous_step"), "since")
        if kind == "has_tag":
            _need(node, isinstance(config.get("tag"), str) and bool(config["tag"].strip()), "tag")
        if kind == "viewed_page":
            _need(node, isinstance(config.get("pattern"), str) and bool(config["pattern"]), "pattern")
        if kind == "engaged":
            _need(node, config.get("event") in ("opened", "clicked"), "event")
    elif node.type == "send":
        _need(node, config.get("channel") in CHANNELS, "channel")
        content = config.get("content")
        _need(node, isinstance(content, dict) and bool(content), "content")
        assert isinstance(content, dict)
        for text in content.values():
            _need(node, isinstance(text, dict) and isinstance(text.get("body"), str), "content")
    elif node.type == "task":
        _need(node, isinstance(config.get("title"), str) and bool(config["title"].strip()), "title")
        _need(node, isinstance(config.get("dueInHours", 24), int) and config.get("dueInHours", 24) >= 0, "dueInHours")
    elif node.type in ("tag_add", "tag_remove"):
        tags = config.get("tags")
        _need(node, isinstance(tags, list) and bool(tags) and all(isinstance(t, str) and t for t in tags), "tags")
    else:
        _check_endpoint(node)


def _check_endpoint(node: Node) -> None:
    config = node.config
    if node.type == "audience":
        _need(node, config.get("mode") in ("webhook", "file"), "mode")
        _need(node, isinstance(config.get("audience"), str) and bool(config["audience"].strip()), "audience")
        if config["mode"] == "file":
            return
    url = config.get("url")
    _need(node, isinstance(url, str) and url.startswith(("https://", "http://")), "url")
    has_secret = isinstance(config.get("secret"), str) and bool(config["secret"])
    _need(node, has_secret or isinstance(config.get("secretEnc"), str), "secret")


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
