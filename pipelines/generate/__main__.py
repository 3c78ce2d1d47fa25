"""`python -m pipelines.generate --scale 0.01 --seed 1 --out DIR`: write landing files and print the row counts."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from pipelines.generate import generate
from pipelines.settings import DEFAULT_UNLINKED_SHARE


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m pipelines.generate", description=__doc__)
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--damage-rate", type=float, default=0.01)
    parser.add_argument("--unlinked-share", type=float, default=DEFAULT_UNLINKED_SHARE)
    parser.add_argument("--end-date", type=date.fromisoformat, default=date(2026, 10, 31))
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    summary = generate(args.out, scale=args.scale, seed=args.seed, damage_rate=args.damage_rate,
                       end_date=args.end_date, years=args.years, unlinked_share=args.unlinked_share)
    for table, info in summary["tables"].items():
        print(f"{table:<30}{info['rows']:>12,} rows  damaged {sum(info['damaged'].values()):,}")


if __name__ == "__main__":
    main()
