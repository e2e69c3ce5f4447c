"""The CSV of a filtered incident list: what the reader sees, minus what identifies anyone.

Incident titles and summaries name victims (that is why they are encrypted), so this direct
export leaves them out, with every person's name: a file with names needs a second person's
approval (kirok.interop, ``ExportKind.INCIDENTS``). What remains — dates, places, status,
violation types, perpetrator units and victim counts — is what a statistic is made of. Cells
are defused for spreadsheets (kirok.lib.spreadsheet_cells.safe_cell), and each export is written
to the audit log with its filters (codes and years; the words of ``q`` only as a keyed hash)
and its row count.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from kirok.audit import services as audit
from kirok.lib.spreadsheet_cells import safe_cell
from kirok.records.models import ActPerpetrator, Place
from kirok.search import facets
from kirok.security import keyring

COLUMNS = [
    "public_id",
    "start_date",
    "start_earliest",
    "start_latest",
    "end_date",
    "place",
    "province",
    "status",
    "violation_types",
    "perpetrators",
    "victims_exact",
    "victims_min",
    "victims_max",
]
BATCH = 500


def incidents_csv(user, filters: facets.Filters) -> tuple[str, int]:
    """The file's text and its row count; the export is audited."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in _rows(facets.browse(user, filters)):
        writer.writerow([safe_cell(value) for value in row])
        count += 1
    detail = {"filters": filters.audit_detail(), "sort": filters.sort, "rows": count}
    if filters.q:
        detail["query_hash"] = keyring.blind_index(
            audit.normalise_query(filters.q), purpose=audit.SEARCH_PURPOSE
        )
    audit.record("search_exported", actor=user, detail=detail)
    return buffer.getvalue(), count


def _rows(found: facets.IncidentList) -> Iterator[list]:
    incidents = facets.IncidentList(
        found.pks,
        found.queryset.select_related("place").prefetch_related("violation_types", "place__names"),
    )
    regions = facets.region_of_places()
    provinces = Place.objects.filter(pk__in=set(regions.values())).prefetch_related("names")
    province_names = {place.pk: place.display_name() for place in provinces}
    for start in range(0, len(incidents), BATCH):
        batch = list(incidents[start : start + BATCH])
        perpetrators = _perpetrators([i.pk for i in batch])
        for incident in batch:
            yield [
                incident.public_id,
                incident.start_date,
                incident.start_date_earliest,
                incident.start_date_latest,
                incident.end_date,
                incident.place.display_name() if incident.place else "",
                province_names.get(regions.get(incident.place_id), ""),
                incident.status,
                "; ".join(t.code for t in incident.violation_types.all()),
                "; ".join(perpetrators.get(incident.pk, [])),
                incident.victim_count_exact,
                incident.victim_count_min,
                incident.victim_count_max,
            ]


def _perpetrators(incident_ids: list[int]) -> dict[int, list[str]]:
    """The perpetrator units named in each incident's acts (organizations only: a person
    named as a perpetrator is identifying data)."""
    rows = (
        ActPerpetrator.objects.filter(act__incident_id__in=incident_ids, organization__isnull=False)
        .values_list("act__incident_id", "organization__code")
        .distinct()
        .order_by("act__incident_id", "organization__code")
    )
    found: dict[int, list[str]] = {}
    for incident_id, code in rows:
        found.setdefault(incident_id, []).append(code or "")
    return found
