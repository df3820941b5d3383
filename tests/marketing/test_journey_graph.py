"""A journey's graph is checked before it is saved, with errors that name the node at fault."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from rapport.core.errors import BadUserInputError
from rapport.marketing.journeys.graph import parse
from tests.marketing.journey_world import SECRET, edge, example_graph, node

SEGMENT = {"kind": "segment_entry", "segmentId": "U2VnbWVudDox"}
GOOD = example_graph(SEGMENT, "https://hooks.example/in")

Change = Callable[[dict[str, Any]], None]


def _nodes(graph: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in graph["nodes"]}


CASES: list[tuple[str, Change, str]] = [
    ("no trigger", lambda g: g["nodes"].pop(0) and g["edges"].pop(0), "exactly one trigger node (it has 0)"),
    (
        "two triggers",
        lambda g: g["nodes"].append(node("again", "trigger", kind="event", event="order.placed")),
        "exactly one trigger node (it has 2)",
    ),
    ("unknown type", lambda g: g["nodes"].append(node("x", "fax")), "Node x: unknown node type fax"),
    ("unknown key", lambda g: _nodes(g)["wait"]["config"].update(weeks=1), "Node wait: unknown config key weeks"),
    ("bad wait", lambda g: _nodes(g)["wait"]["config"].update(hours="soon"), "Node wait: config hours"),
    ("bad until", lambda g: _nodes(g)["wait"]["config"].update(until="25:00"), "Node wait: config until"),
    (
        "unknown event",
        lambda g: _nodes(g)["start"]["config"].update(kind="event", event="x"),
        "Node start: config event",
    ),
    (
        "condition without no",
        lambda g: g["edges"].remove(edge("ordered", "task", "no")),
        "Node ordered: a condition needs one 'yes' edge and one 'no' edge",
    ),
    (
        "branch on a plain edge",
        lambda g: g["edges"][0].update(branch="yes"),
        "Node start: only a condition's edges have a branch",
    ),
    (
        "unreachable",
        lambda g: g["nodes"].append(node("lost", "tag_remove", tags=["x"])),
        "Node lost: it cannot be reached from the trigger",
    ),
    ("cycle", lambda g: g["edges"].append(edge("hook", "wait")), "Node wait: it closes a cycle"),
    ("back to trigger", lambda g: g["edges"].append(edge("hook", "start")), "Node start: nothing may lead back"),
    ("missing target", lambda g: g["edges"].append(edge("hook", "nowhere")), "names node nowhere"),
    ("duplicate id", lambda g: g["nodes"].append(node("task", "task", title="t")), "Node task: two nodes have this id"),
    ("webhook without secret", lambda g: _nodes(g)["hook"]["config"].pop("secret"), "Node hook: config secret"),
    ("bad url", lambda g: _nodes(g)["hook"]["config"].update(url="ftp://x"), "Node hook: config url"),
    (
        "send without content",
        lambda g: g["nodes"].append(node("sms", "send", channel="sms")) or g["edges"].append(edge("hook", "sms")),
        "Node sms: config content",
    ),
    (
        "two edges out of an action",
        lambda g: g["nodes"].append(node("t2", "tag_add", tags=["a"])) or g["edges"].append(edge("task", "t2")),
        "Node task: it has more than one edge out",
    ),
    ("no position", lambda g: _nodes(g)["tag"].update(position={"x": "left"}), "Node tag: its position"),
]


def test_the_example_graph_is_valid_and_knows_where_each_branch_leads() -> None:
    graph = parse(GOOD)
    assert graph.trigger.id == "start"
    assert graph.after("ordered", "yes") == "tag" and graph.after("ordered", "no") == "task"
    assert graph.after("task") == "hook" and graph.after("hook") is None
    assert _nodes(GOOD)["hook"]["config"]["secret"] == SECRET


@pytest.mark.parametrize(("change", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_an_invalid_graph_is_refused_naming_the_node(change: Change, expected: str) -> None:
    graph = copy.deepcopy(GOOD)
    change(graph)
    with pytest.raises(BadUserInputError) as error:
        parse(graph)
    assert expected in error.value.message
    assert error.value.extensions["field"] == "graph"
