"""What authorization costs: one list query as a sales rep (enforced) and as admin with enforcement off."""

from __future__ import annotations

import statistics
from typing import Any

from bench.harness import Server, bench_database, save, wrk

LIST = {
    "query": "query List { customers(first: 50, orderBy: {field: NAME}) { nodes { id name grade status city "
    "owner { name } tags { name } contacts { name phones emails } } } }"
}


def run(scale: str = "small", rounds: int = 3, seconds: int = 10) -> dict[str, Any]:
    url = bench_database(scale)
    on = Server(url).start()
    off = Server(url, {"AUTHZ_ENFORCEMENT": "false"}).start()
    try:
        rep_cookie, admin_cookie = on.login("rep@demo.example"), off.login("admin@demo.example")
        wrk(f"{on.url}/graphql", LIST, cookie=rep_cookie, seconds=3)  # warm-up
        wrk(f"{off.url}/graphql", LIST, cookie=admin_cookie, seconds=3)
        enforced, unenforced = [], []
        for _ in range(rounds):  # interleaved: A B A B ...
            enforced.append(wrk(f"{on.url}/graphql", LIST, cookie=rep_cookie, seconds=seconds))
            unenforced.append(wrk(f"{off.url}/graphql", LIST, cookie=admin_cookie, seconds=seconds))
    finally:
        on.stop()
        off.stop()
    rps_on = statistics.median(r["rps"] for r in enforced)
    rps_off = statistics.median(r["rps"] for r in unenforced)
    result = {
        "scenario": "customers(first: 50) with owner, tags, contacts (phones, emails)",
        "scale": scale,
        "enforced_sales_rep": enforced,
        "unenforced_admin": unenforced,
        "median_rps_enforced": rps_on,
        "median_rps_unenforced": rps_off,
        "overhead_percent": round((1 - rps_on / rps_off) * 100, 1),
    }
    path = save("authz-overhead", result)
    print(f"enforced {rps_on:.1f} req/s, unenforced {rps_off:.1f} req/s: overhead {result['overhead_percent']}%")
    print(f"written to {path}")
    return result
