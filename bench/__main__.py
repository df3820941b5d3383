"""`python -m bench <scenario>`: run a benchmark and write bench/results/<date>-<name>.json."""

from __future__ import annotations

import argparse


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("scenario", choices=["authz"], help="authz: the cost of field and row enforcement")
    parser.add_argument("--scale", choices=["tiny", "small", "large"], default="small")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if args.scenario == "authz":
        from bench import authz

        authz.run(args.scale, args.rounds, args.seconds)


if __name__ == "__main__":
    main()
