"""`python -m bench mutations`: a mutation's round trip with its payload read compiled, against the write alone.

The issue "Every operation the web app sends runs compiled" asks that a mutation with its payload (read after the
write in one statement: `rapport.graphql.payloads`) costs at most 1.5 x the same mutation whose payload selects
only `__typename` ("the write alone"). Two mutations, as the web app sends them, rotating over 100 of the rep's
customers, on one production server, interleaved per round:

- `Customer360Tag`: tagging a customer on the 360 page; the payload shows the customer's tags (a relation); after
  a customer's first run the tag is already there, so the write itself is small;
- `customerUpdate` (a new city each time) selecting the owner, the team and the tags.

Each against the same mutation with `{ __typename }` as its payload. Results: bench/results/<date>-mutations.*.
"""

from __future__ import annotations

import json
import statistics
from typing import Any

from bench.compare import _gql, app_request, ensure_fixture
from bench.harness import RESULTS, Server, bench_database, results_header, run_wrk, save

_UPDATE = (
    '{"query": "mutation Update($i: CustomerUpdateInput!) { customerUpdate(input: $i) '
    "{ __typename customer { id version owner { name team { name } } tags { name color } } "
    'userErrors { code } } }", "variables": {"i": {"id": "{{id}}", "version": {{version}}, "city": "杭州{{version}}"}}}'
)
#: The write alone. Optimistic locking needs the version back (rotate.lua reads it from the answer); the resolvers
#: read the changed row back whatever the payload selects, so `{ id version }` costs what `{ __typename }` does.
_UPDATE_ALONE = (
    '{"query": "mutation Update($i: CustomerUpdateInput!) { customerUpdate(input: $i) '
    '{ __typename customer { id version } } }", '
    '"variables": {"i": {"id": "{{id}}", "version": {{version}}, "city": "杭州{{version}}"}}}'
)
_TAG_ALONE = (
    '{"query": "mutation Tag($input: CustomerTagInput!) { customerTag(input: $input) { __typename } }", '
    '"variables": {"input": {"customerId": "{{id}}", "tags": ["VIP"]}}}'
)


def _tag_body() -> str:
    """The web app's own `Customer360Tag` document (its manifest), as a rotate template."""
    request = app_request("Customer360Tag", {"input": {"customerId": "{{id}}", "tags": ["VIP"]}}, "")
    assert isinstance(request.body, dict)
    return json.dumps(request.body, ensure_ascii=False)


def run(scale: str = "small", rounds: int = 3, seconds: int = 8) -> dict[str, Any]:
    url = bench_database(scale)
    server = Server(url).start()
    try:
        rep = server.login("rep@demo.example")
        ensure_fixture(server.url, rep)

        def items() -> str:
            nodes = _gql(server.url, rep, "{ customers(first: 100) { nodes { id version } } }")["data"]["customers"]
            return ",".join(f"{n['id']}:{n['version']}" for n in nodes["nodes"])

        cases = {
            "Customer360Tag": (_tag_body(), _TAG_ALONE),
            "customerUpdate (owner, team, tags)": (_UPDATE, _UPDATE_ALONE),
        }
        runs: dict[str, dict[str, list[dict[str, Any]]]] = {name: {"payload": [], "alone": []} for name in cases}
        for _ in range(rounds):
            for name, (payload, alone) in cases.items():
                for label, body in (("payload", payload), ("alone", alone)):
                    env = {
                        "RAPPORT_BODY": body,
                        "RAPPORT_COOKIE": rep,
                        "RAPPORT_ITEMS": items(),
                        "RAPPORT_THREADS": "2",
                    }
                    runs[name][label].append(run_wrk(f"{server.url}/graphql", "rotate.lua", env, seconds=seconds))
    finally:
        server.stop()
    results: dict[str, Any] = {**results_header(scale, rounds, seconds), "mutations": {}}
    for name, by_label in runs.items():
        summary = {
            label: {
                "rps": statistics.median(r["rps"] for r in found),
                "p50_ms": statistics.median(r["p50_ms"] for r in found),
                "p99_ms": statistics.median(r["p99_ms"] for r in found),
                "errors": sum(r.get("errors", 0) for r in found),
            }
            for label, found in by_label.items()
        }
        summary["round_trip_vs_alone"] = round(summary["alone"]["rps"] / summary["payload"]["rps"], 3)
        results["mutations"][name] = summary
    path = save("mutations", results)
    lines = [
        f"# A mutation with its payload read compiled vs the write alone ({scale}, {results['date'][:10]})",
        "",
        f"One production server, wrk 8 connections, {seconds} s runs, median of {rounds} interleaved rounds, "
        "rotating over 100 of the rep's customers. Target: the round trip within 1.5 x the write alone.",
        "",
        "| mutation | with payload req/s | alone req/s | round trip ÷ alone (time) | p50 / p99 ms with payload | "
        "p50 / p99 ms alone | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, found in results["mutations"].items():
        payload, alone = found["payload"], found["alone"]
        lines.append(
            f"| {name} | {payload['rps']} | {alone['rps']} | {found['round_trip_vs_alone']} | "
            f"{payload['p50_ms']} / {payload['p99_ms']} | {alone['p50_ms']} / {alone['p99_ms']} | "
            f"{payload['errors'] + alone['errors']} |"
        )
    (RESULTS / path.name.replace(".json", ".md")).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return results
