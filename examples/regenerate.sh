#!/usr/bin/env sh
# Regenerates the bundled example circulars (衡阳市 2025, March to December, mixed formats,
# August both as PDF and text, one month-over-month drop) and their ground truth.
set -eu
cd "$(dirname "$0")/.."
rm -rf examples/circulars examples/truth
.venv/bin/python -m synth examples/circulars --city 衡阳市 --year 2025 --seed 17 \
  --months 3,4,5,6,7,8,9,10,11,12 --truth-dir examples/truth
