"""Build the gazetteer ``cur_nlp/regions/nso/places.csv`` from facts.

Sources (see ``cur_nlp/regions/nso/README.md``):
- ``census``: Rosstat, All-Russian population census 2020, vol. 1, table 5,
  Novosibirsk oblast slice (``shared/geo/nso_units_vpn2020.csv``);
- ``hflabs``: HFLabs list of Russian towns, CC BY-SA 4.0
  (``shared/geo/ru_towns_hflabs.csv``), for town status;
- ``registry``: the region registry (``spec/municipalities.csv``);
- ``census+curated``: the centre of each сельсовет (census poselenie), named
  by a reviewer in ``scripts/data/selsovet_centres.csv`` (the census names
  the сельсовет, almost always after its centre: Аксенихинский → Аксениха;
  the file records the reviewer's confidence for each);
- ``curated``: well-known places the census does not name, listed below.

Rerun after changing any source:
    python scripts/build_places.py [--geo ../shared/geo]
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGION = ROOT / "cur_nlp" / "regions" / "nso"

# Places everyone in the oblast names but the census table does not list by
# name: microdistricts and landmarks of Novosibirsk (streets only where no
# other town of the oblast has one: Красный проспект), small well-known villages.
CURATED = [
    ("Академгородок", "microdistrict", "novosibirsk"),
    ("Академ", "microdistrict", "novosibirsk"),
    ("Пашино", "microdistrict", "novosibirsk"),
    ("Родники", "microdistrict", "novosibirsk"),
    ("Затулинка", "microdistrict", "novosibirsk"),
    ("Снегири", "microdistrict", "novosibirsk"),
    ("Иподромский", "microdistrict", "novosibirsk"),
    ("Плющихинский", "microdistrict", "novosibirsk"),
    ("Горский", "microdistrict", "novosibirsk"),
    ("Стрижи", "microdistrict", "novosibirsk"),
    ("Чистая Слобода", "microdistrict", "novosibirsk"),
    ("Левый берег", "microdistrict", "novosibirsk"),
    ("Нижняя Ельцовка", "microdistrict", "novosibirsk"),
    ("Шлюз", "microdistrict", "novosibirsk"),
    ("ОбьГЭС", "microdistrict", "novosibirsk"),
    ("Плющиха", "microdistrict", "novosibirsk"),
    ("Северо-Чемской", "microdistrict", "novosibirsk"),
    ("Южно-Чемской", "microdistrict", "novosibirsk"),
    ("Снегири", "microdistrict", "novosibirsk"),
    ("Кропоткинский", "microdistrict", "novosibirsk"),
    ("Сибиряков-Гвардейцев", "microdistrict", "novosibirsk"),
    ("Зелёная Горка", "microdistrict", "novosibirsk"),
    ("Закаменский", "microdistrict", "novosibirsk"),
    ("Красный проспект", "landmark", "novosibirsk"),
    ("Дуси Ковальчук", "landmark", "novosibirsk"),
    ("Заельцовский бор", "landmark", "novosibirsk"),
    ("Нарымский сквер", "landmark", "novosibirsk"),
    ("Михайловская набережная", "landmark", "novosibirsk"),
    ("Бугринская роща", "landmark", "novosibirsk"),
    ("Речной вокзал", "landmark", "novosibirsk"),
    ("Краснообск", "urban-type settlement", "novosibirsky"),
    ("Линёво", "urban-type settlement", "iskitimsky"),
    ("Горный", "urban-type settlement", "toguchinsky"),
    ("Сокур", "village", "moshkovsky"),
    ("Мочище", "village", "novosibirsky"),
    ("Толмачёво", "village", "novosibirsky"),
]

CENTRES = Path(__file__).resolve().parent / "data" / "selsovet_centres.csv"
# Streets of Novosibirsk that residents name without the city ("на Краузе",
# "ул. Нарымская 12"): ones the other towns of the oblast rarely have. They
# count only next to a street word or a house number (see places.py).
STREETS = Path(__file__).resolve().parent / "data" / "novosibirsk_streets.csv"
_KIND = {"село": "village", "деревня": "village", "посёлок": "village", "станция": "village",
         "рабочий посёлок": "urban-type settlement", "город": "town"}

_PREFIX = re.compile(
    r"^(?:г\.|пгт|село|поселок|посёлок|деревня|станция|дачный поселок|рабочий поселок)\s+|\s+рп$"
)


def fold(name: str) -> str:
    return name.lower().replace("ё", "е")


def nominative(genitive: str) -> str:
    """"Баганского" → "Баганский", "Северного" → "Северный"."""
    stem = genitive[:-3]
    return stem + ("ий" if stem[-1] in "кгхжшчщ" else "ый")


def municipality_ids(registry: Path) -> dict[str, str]:
    """Map the census name of a municipality to its registry id.

    Urban okrugs are keyed by their city ("бердск"), districts by their
    adjective ("баганский").
    """
    out = {}
    for row in csv.DictReader(open(registry, encoding="utf-8")):
        if row["kind"] == "city":
            out[fold(row["centre"])] = row["id"]
        else:
            out[fold(nominative(row["name"].split()[-2]))] = row["id"]
    return out


def resolve(census_municipality: str, ids: dict[str, str]) -> str:
    name = fold(census_municipality)
    if name.startswith("городской округ"):
        return ids[name.split()[-1]]
    return ids[name.split()[0]]


def build(geo: Path) -> list[dict[str, str]]:
    registry = REGION / "municipalities.csv"
    ids = municipality_ids(registry)
    rows: list[dict[str, str]] = []
    seen = set()

    def add(name, kind, mun, source):
        key = (fold(name), mun)
        if key not in seen:
            seen.add(key)
            rows.append({"name": name, "kind": kind, "municipality": mun, "source": source})

    for m in csv.DictReader(open(registry, encoding="utf-8")):
        if m["kind"] == "district":
            add(nominative(m["name"].split()[-2]), "district", m["id"], "registry")
        if m["id"] != "novosibirsky":  # its centre is the city, a municipality of its own
            add(m["centre"], "city" if m["kind"] == "city" else "centre", m["id"], "registry")

    towns = {
        r["city"] for r in csv.DictReader(open(geo / "ru_towns_hflabs.csv", encoding="utf-8"))
        if r["region"] == "Новосибирская"
    }
    for r in csv.DictReader(open(geo / "nso_units_vpn2020.csv", encoding="utf-8")):
        if r["level"] == "city_district":
            add(r["name"].split()[0], "city district", "novosibirsk", "census")
        elif r["level"] in ("settlement", "other"):
            name = _PREFIX.sub("", r["name"]).strip()
            kind = "town" if name in towns else ("urban-type settlement" if "рп" in r["name"] else "village")
            add(name, kind, resolve(r["municipality"], ids), "census")
        elif r["level"] == "poselenie":
            # "Сельское поселение Аксенихинский сельсовет" → "Аксенихинский сельсовет"
            name = re.sub(r"^(?:Сельское|Городское) поселение\s+", "", r["name"]).strip()
            if name.endswith(" сельсовет"):
                add(name, "сельсовет", resolve(r["municipality"], ids), "census")
    for r in csv.DictReader(open(CENTRES, encoding="utf-8")):
        add(r["centre"], _KIND.get(r["kind"], "village"), resolve(r["municipality"], ids), "census+curated")
    for name, kind, mun in CURATED:
        add(name, kind, mun, "curated")
    for r in csv.DictReader(open(STREETS, encoding="utf-8")):
        add(r["name"], "street", "novosibirsk", "curated")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--geo", type=Path, default=ROOT.parent / "shared" / "geo")
    args = ap.parse_args()
    rows = build(args.geo)
    path = REGION / "places.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["name", "kind", "municipality", "source"])
        w.writeheader()
        w.writerows(rows)
    sys.path.insert(0, str(ROOT))
    from cur_nlp.persist import sha256_file
    from cur_nlp.places import FORMS_FILE, Place, write_forms

    write_forms([Place(**r) for r in rows], path.with_name(FORMS_FILE), sha256_file(path))
    print(f"wrote {len(rows)} places to {path} and their forms to {FORMS_FILE}")


if __name__ == "__main__":
    main()
