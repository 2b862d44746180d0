"""``python -m synth OUT_DIR --city 衡阳市 --year 2025 --seed 7``: write a year of circulars."""

from __future__ import annotations

import argparse
import sys

from synth.corpus import FORMATS, generate_year, write_year
from synth.geography import CITIES
from synth.inconsistencies import plant_inconsistencies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m synth", description=__doc__)
    parser.add_argument("out_dir")
    parser.add_argument("--city", default="衡阳市", choices=sorted(CITIES))
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--months", default="", help="comma-separated months, e.g. 3,4,5 (default 2..12)"
    )
    parser.add_argument(
        "--format", default="mixed", choices=("mixed", *FORMATS), help="one format for all months"
    )
    parser.add_argument("--no-duplicates", action="store_true")
    parser.add_argument(
        "--truth-dir", default=None, help="where the ground truth goes (default: OUT_DIR)"
    )
    parser.add_argument(
        "--plant-inconsistencies",
        action="store_true",
        help="break each figure check once; expected_inconsistencies.json says where",
    )
    args = parser.parse_args(argv)
    try:
        months = [int(m) for m in args.months.split(",") if m.strip()] or None
        corpus = generate_year(args.city, args.year, seed=args.seed, months=months)
        planted = plant_inconsistencies(corpus) if args.plant_inconsistencies else None
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    written = write_year(
        corpus,
        args.out_dir,
        formats=args.format,
        duplicates=not args.no_duplicates,
        truth_dir=args.truth_dir,
        inconsistencies=planted,
    )
    print(f"wrote {len(written)} files to {args.out_dir}; drops: {len(corpus.expected_drops)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
