"""Load the reference data every Kirok installation starts with.

Vocabularies, the gazetteer and the usual perpetrator hierarchy. Every loader is idempotent:
running `kirok init` again updates labels and adds what is new without duplicating rows or
touching what users added.
"""

from __future__ import annotations

import json
from importlib import resources

from django.db import transaction

from kirok.facts import changes as facts_changes
from kirok.lib import gazetteer
from kirok.records.models import Organization, OrganizationName, Place, PlaceName
from kirok.vocabularies.models import Term, Vocabulary


def _seed_json(package: str, filename: str):
    return json.loads(resources.files(package).joinpath("seed", filename).read_text("utf-8"))


@transaction.atomic
def load_vocabularies() -> int:
    """Create or update the seeded vocabularies; returns the number of terms."""
    count = 0
    for key, spec in _seed_json("kirok.vocabularies", "vocabularies.json").items():
        vocabulary, _ = Vocabulary.objects.update_or_create(
            key=key, defaults={"labels": spec["labels"], "description": spec["description"]}
        )
        for order, term in enumerate(spec["terms"]):
            Term.objects.update_or_create(
                vocabulary=vocabulary,
                code=term["code"],
                defaults={"labels": term["labels"], "sort_order": order},
            )
            count += 1
    return count


@transaction.atomic
def load_gazetteer() -> int:
    """Create or update every gazetteer place and its names; returns the number of places."""
    facility_kinds = {t.code: t for t in Term.objects.of("facility_kind")}
    by_id: dict[str, Place] = {}
    for entry in gazetteer.entries():
        place, _ = Place.objects.update_or_create(
            gazetteer_id=entry.id,
            defaults={
                "parent": by_id.get(entry.parent_id) if entry.parent_id else None,
                "level": entry.level,
                "place_type": entry.place_type,
                "facility_kind": facility_kinds.get(_facility_code(entry.place_type)),
                "country_code": entry.country_code,
                "latitude": entry.latitude,
                "longitude": entry.longitude,
                "status": entry.status,
                "valid_from": entry.valid_from,
                "valid_to": entry.valid_to,
                "notes": entry.notes,
                "citation": entry.citation,
            },
        )
        by_id[entry.id] = place
        existing = set(place.names.values_list("text", "kind"))
        PlaceName.objects.bulk_create(
            PlaceName(place=place, text=text, kind=kind)
            for text, kind in entry.names
            if (text, kind) not in existing
        )
    return len(by_id)


def _facility_code(place_type: str) -> str | None:
    return {
        "political_prison_camp": "political_prison_camp",
        "reeducation_labor_camp": "reeducation_labor_camp",
        "detention_center": "detention_center",
        "workers_district_border_crossing": "border_crossing",
    }.get(place_type)


@transaction.atomic
def load_organizations() -> int:
    """Create or update the seeded organizations (parents first); returns their number."""
    specs = _seed_json("kirok.records", "organizations.json")
    kinds = {t.code: t for t in Term.objects.of("organization_kind")}
    places = {p.gazetteer_id: p for p in Place.objects.exclude(gazetteer_id=None)}
    by_code: dict[str, Organization] = {}
    for spec in sorted(specs, key=lambda s: _depth(s, specs)):
        organization, _ = Organization.objects.update_or_create(
            code=spec["code"],
            defaults={
                "kind": kinds[spec["kind"]],
                "country_code": spec["country"],
                "parent": by_code.get(spec["parent"]) if spec["parent"] else None,
                "place": places.get(spec["place"]) if spec["place"] else None,
                "notes": spec["notes"],
            },
        )
        by_code[spec["code"]] = organization
        for name in spec["names"]:
            OrganizationName.objects.update_or_create(
                organization=organization,
                text=name["text"],
                language=name["language"],
                defaults={"is_preferred": name["preferred"], "is_former": name["former"]},
            )
    return len(by_code)


def _depth(spec: dict, specs: list[dict]) -> int:
    parents = {s["code"]: s["parent"] for s in specs}
    depth, parent = 0, spec["parent"]
    while parent:
        depth += 1
        parent = parents.get(parent)
    return depth


def load_reference_data() -> dict[str, int]:
    """Everything `kirok init` loads, in dependency order."""
    loaded = {
        "terms": load_vocabularies(),
        "places": load_gazetteer(),
        "organizations": load_organizations(),
    }
    facts_changes.everything_changed()  # the gazetteer's names are written in bulk
    return loaded
