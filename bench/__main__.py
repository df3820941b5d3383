"""`python -m bench <scenario>`: run a benchmark and write bench/results/<date>-<name>.json."""

from __future__ import annotations

import argparse


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "scenario",
        nargs="?",
        default="compare",
        choices=[
            "compare",
            "authz",
            "subscriptions",
            "dos",
            "pages",
            "page-operations",
            "check-pages",
            "capture-pages",
            "mutations",
            "imports",
            "segments",
            "marketing",
            "churn",
            "capacity",
            "processes",
        ],
        help="compare (default): Rapport vs PostGraphile 4 vs the SQL floor on every scenario; "
        "authz: the cost of field and row enforcement; subscriptions: live-event delivery to many subscribers; "
        "dos: a trivial request's latency while anonymous clients send worst-case documents (tiny data); "
        "pages: the web app's pages replayed (bench/app_pages.py) against PostGraphile and the SQL floor; "
        "page-operations: each request of the pages alone (Rapport, PostGraphile and the floor; --only pages or operations); "
        "check-pages: the pages' PostGraphile equivalents return the same rows and fields; "
        "capture-pages: the pages' declared requests are what the built SPA sends (headless Chromium); "
        "mutations: a mutation with its payload read compiled vs the write alone; "
        "imports: import --customers customers with 1.5 contacts each from XLSX with `rapport import`; "
        "segments: segment counts (presets and hand-written rule trees) over 100,000 customers, marketing and admin; "
        "marketing: one email campaign to 10,000 contacts, campaign-send and mail-deliver to an SMTP sink (--rounds runs); "
        "churn: churn training and scoring over 100,000 customers; "
        "capacity: the web process's and PostgreSQL's CPU time per request of each page, and rows per customer "
        "(the capacity model of docs/scaling.md); "
        "processes: the 360° page and the customer list on one web process against two (--workers 2)",
    )
    parser.add_argument("--customers", type=int, default=100_000, help="imports: customers in the file")
    parser.add_argument("--only", nargs="*", help="compare: run only these scenarios (e.g. customer_360)")
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--processes", type=int, default=1, help="subscriptions: web processes (--workers)")
    parser.add_argument("--clients", type=int, default=1, help="subscriptions: load-generator processes")
    parser.add_argument("--scale", choices=["tiny", "small", "large"], default="small")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--label", default="", help="segments: a suffix for the result file (e.g. before)")
    args = parser.parse_args()
    from bench.harness import one_scheduling_group

    with one_scheduling_group():
        run(args)


def run(args: argparse.Namespace) -> None:
    """The scenario the arguments name."""
    if args.scenario == "capacity":
        from bench import capacity

        capacity.run(args.scale, args.seconds, args.only)
    elif args.scenario == "processes":
        from bench import capacity

        capacity.run_processes(args.scale, args.rounds, args.seconds)
    elif args.scenario == "churn":
        from bench import churn

        churn.run()
    elif args.scenario == "marketing":
        from bench import marketing

        marketing.run(args.rounds)
    elif args.scenario == "imports":
        from bench import imports

        imports.run(args.customers)
    elif args.scenario == "segments":
        from bench import segments

        segments.run(only=args.only, label=args.label)
    elif args.scenario == "mutations":
        from bench import mutations

        mutations.run(args.scale, args.rounds, args.seconds)
    elif args.scenario == "compare":
        from bench import compare

        compare.run(args.scale, args.rounds, args.seconds, args.only)
    elif args.scenario == "authz":
        from bench import authz

        authz.run(args.scale, args.rounds, args.seconds)
    elif args.scenario == "subscriptions":
        from bench import subscriptions

        subscriptions.run(
            "tiny" if args.scale == "small" else args.scale,
            args.subscribers,
            args.events,
            processes=args.processes,
            clients=args.clients,
            rounds=args.rounds,
        )
    elif args.scenario == "pages":
        from bench import pages

        pages.run(args.scale, args.rounds, args.seconds, args.only)
    elif args.scenario == "page-operations":
        from bench import pages

        pages.run_operations(args.scale, args.rounds, min(args.seconds, 5), args.only)
    elif args.scenario == "check-pages":
        from bench import pages

        raise SystemExit(pages.run_check(args.scale))
    elif args.scenario == "capture-pages":
        from bench import capture

        raise SystemExit(capture.run_capture(args.scale))
    elif args.scenario == "dos":
        from bench import dos

        dos.run("tiny" if args.scale == "small" else args.scale, args.rounds, args.seconds)


if __name__ == "__main__":
    main()
