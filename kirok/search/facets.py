"""Browsing incidents: filters from the query string, and facet counts over visible records.

Parameters (the names the statistics dashboard uses too, so that the two can hand each other
their filters; each facet may be given several times, meaning "any of these"):

===============  ==========================================================================
``q``            words of an incident's title or summary, or any spelling of a victim's name
``violation``    violation type code (the incident's or one of its acts')
``year_from``    first year, ``year_to`` last year: incidents whose start may fall in them
``province``     gazetteer id of a province, or of a Chinese border prefecture (``KP-09``)
``perpetrator``  organization code; its sub-units count too (``mss`` = every bureau)
``status``       incident status (alleged, corroborated, verified)
``sex``          a victim's sex
``age_group``    a victim's age group at the time (kirok.records.ages: 0-17 … 60+,
                 uncertain, unknown)
``source_kind``  kind of a source cited for the incident or one of its acts
``reliability``  reliability grade (a–f) of such a source
``sort``         newest (default), oldest, updated, victims
===============  ==========================================================================

Filtering and counting run over the counting snapshot of kirok.facts, through the reader's
view that applies kirok.records.access's rule to incidents, and to the victims and sources
behind a facet: a hidden case can change no number on the page. The incidents of a page
are then fetched through ``access.visible_incidents`` again. A facet's counts apply every
*other* filter, so that choosing one value still shows how many incidents the other values
of that facet would add.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kirok.facts import counting, loading, snapshot
from kirok.lib.names import mentions
from kirok.records import access
from kirok.records.ages import AGE_GROUP_CODES, AGE_GROUP_LABELS
from kirok.records.models import (
    Act,
    Incident,
    IncidentStatus,
    Organization,
    PersonName,
    Place,
    Sex,
)
from kirok.security import indexing, keyring
from kirok.vocabularies.models import Term

FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_VALUES = 20  # per facet: more is a crafted URL, not a person's choice
MAX_QUERY = 200
FACETS = (
    "violation",
    "province",
    "perpetrator",
    "status",
    "sex",
    "age_group",
    "source_kind",
    "reliability",
)
# The orders of a list (kirok.facts.counting.ordered); an incident without a date comes last.
SORTS = {
    "newest": _("Newest first"),
    "oldest": _("Oldest first"),
    "updated": _("Recently changed"),
    "victims": _("Most victims"),
}
# Which level of a country's places is its "province" facet: North Korea's provinces, and
# the prefectures of the Chinese border (one Chinese province holds most of the border).
REGION_LEVEL = {"CN": "admin2"}
VOCABULARIES = {
    "violation": "violation_type",
    "source_kind": "source_kind",
    "reliability": "source_reliability",
}
FACET_LABELS = {
    "violation": _("Violation type"),
    "province": _("Province"),
    "perpetrator": _("Perpetrator"),
    "status": _("Status"),
    "sex": _("Victim's sex"),
    "age_group": _("Victim's age"),
    "source_kind": _("Source kind"),
    "reliability": _("Source reliability"),
}


@dataclass
class Filters:
    """What one request asks for; ``errors`` says which parts were not understood."""

    q: str = ""
    year_from: int | None = None
    year_to: int | None = None
    chosen: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "newest"
    errors: list[str] = field(default_factory=list)

    def values(self, facet: str) -> list[str]:
        return self.chosen.get(facet, [])

    def audit_detail(self) -> dict:
        """The filters as the audit log may keep them: codes and years, never the words."""
        detail = {name: values for name, values in self.chosen.items() if values}
        if self.year_from is not None:
            detail["year_from"] = self.year_from
        if self.year_to is not None:
            detail["year_to"] = self.year_to
        return detail

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.year_from or self.year_to or any(self.chosen.values()))


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    key: str
    label: str
    options: list[Option]


# --- Reading the query string ------------------------------------------------------------


def parse_filters(params) -> Filters:
    """The filters of a QueryDict; unknown values are dropped and named in ``errors``.

    The words come sealed in ``qe`` (see :func:`seal_words`), or plain in ``q`` from a link
    someone wrote by hand.
    """
    errors: list[str] = []
    filters = Filters(q=words_of(params, errors), errors=errors)
    for name in ("year_from", "year_to"):
        raw = (params.get(name) or "").strip()
        if raw:
            year = int(raw) if raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR else None
            if year is None:
                filters.errors.append(_("“%(value)s” is not a year.") % {"value": raw[:20]})
            setattr(filters, name, year)
    if filters.year_from and filters.year_to and filters.year_from > filters.year_to:
        filters.errors.append(_("The first year is after the last; they were swapped."))
        filters.year_from, filters.year_to = filters.year_to, filters.year_from
    if any(params.getlist(facet) for facet in FACETS):
        # The codes below are read from the snapshot's cache: bring it up to date first, or a
        # place or term added since this process last counted would be "unknown".
        snapshot.current()
    for facet in FACETS:
        wanted = [v.strip()[:80] for v in params.getlist(facet) if v.strip()][:MAX_VALUES]
        known = _known_values(facet, wanted) if wanted else set()
        filters.chosen[facet] = [v for v in dict.fromkeys(wanted) if v in known]
        for value in wanted:
            if value not in known:
                filters.errors.append(
                    _("Unknown value for %(name)s: “%(value)s”.")
                    % {"name": FACET_LABELS[facet], "value": value[:40]}
                )
    sort = params.get("sort") or "newest"
    filters.sort = sort if sort in SORTS else "newest"
    return filters


def words_of(params, errors: list[str] | None = None) -> str:
    """The list's words, from ``qe`` (sealed) or a plain ``q``, spaces tidied; why sealed
    words could not be read goes to ``errors``."""
    words = params.get("q") or _opened_words(
        params.get("qe") or "", [] if errors is None else errors
    )
    return " ".join(words.split())[:MAX_QUERY]


# The list's words may be a person's name: in an address they would reach the browser's
# history, bookmarks and any proxy's log. So the address holds them encrypted with the data
# keys ("qe"), readable by this Kirok only; the form POSTs them and is sent to that address.
WORDS_CONTEXT = "search:browse-words"


def seal_words(words: str) -> str:
    """The words as the list's address carries them."""
    return keyring.seal(words[:MAX_QUERY], context=WORDS_CONTEXT)


def _opened_words(token: str, errors: list[str]) -> str:
    if not token:
        return ""
    words = keyring.open_from_address(token, context=WORDS_CONTEXT)
    if words is None:
        errors.append(_("The words of this link cannot be read any more; type them again."))
    return words or ""


def _known_values(facet: str, wanted: list[str]) -> set[str]:
    if facet == "status":
        return set(IncidentStatus.values)
    if facet == "sex":
        return set(Sex.values)
    if facet == "age_group":
        return set(AGE_GROUP_CODES)
    if facet == "province":
        return set(_place_ids_by_code()) & set(wanted)
    if facet == "perpetrator":
        return set(_organization_ids_by_code()) & set(wanted)
    return set(_term_ids_by_code(VOCABULARIES[facet])) & set(wanted)


# --- Codes of reference data: small tables, read once per snapshot version ------------------
# A page names its places, organizations and terms by code; reading these maps from the
# snapshot's cache (rebuilt when reference data changes) instead of asking the database for
# each facet saved a dozen queries a page.


def _place_ids_by_code() -> dict[str, int]:
    return snapshot.reference(
        "codes:places",
        lambda: dict(Place.objects.exclude(gazetteer_id=None).values_list("gazetteer_id", "pk")),
    )


def _organization_ids_by_code() -> dict[str, int]:
    return snapshot.reference(
        "codes:organizations",
        lambda: dict(Organization.objects.exclude(code=None).values_list("code", "pk")),
    )


def _term_ids_by_code(vocabulary: str) -> dict[str, int]:
    return snapshot.reference(
        f"codes:terms:{vocabulary}",
        lambda: dict(Term.objects.filter(vocabulary__key=vocabulary).values_list("code", "pk")),
    )


def _codes_by_id(codes: dict[str, int]) -> dict[int, str]:
    return {pk: code for code, pk in codes.items()}


# --- Filtering -----------------------------------------------------------------------------


class IncidentList(Sequence):
    """The primary keys of a result list in order; a slice fetches those incidents.

    What a Paginator or an export needs: its length without a query, and the incidents of
    one page. Each fetch goes through ``queryset`` — the reader's visible incidents — again,
    so a record that left the reader's cases since the count is not shown.
    """

    def __init__(self, pks: np.ndarray, queryset: models.QuerySet[Incident]):
        self.pks = pks
        self.queryset = queryset

    def __len__(self) -> int:
        return len(self.pks)

    def count(self) -> int:
        return len(self.pks)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        wanted = [int(pk) for pk in self.pks[index]]
        found = self.queryset.filter(pk__in=wanted).in_bulk()
        return [found[pk] for pk in wanted if pk in found]


def browse(user, filters: Filters, matcher: Matcher | None = None) -> IncidentList:
    """The incidents ``user`` may see that match every filter, in the chosen order.

    A page that also shows the facets passes the :func:`matcher` it counts them with: the
    filters' masks are then computed once.
    """
    matcher = matcher or match(user, filters)
    pks = counting.ordered(matcher.view.snapshot, matcher.kept(), filters.sort)
    visible = access.visible_incidents(user).prefetch_related("violation_types")
    return IncidentList(pks, visible)


def match(user, filters: Filters) -> Matcher:
    """The masks of one request's filters over what ``user`` may see."""
    return Matcher(user, counting.view_for(user), filters)


class Matcher:
    """The incidents one request's filters keep, over what the reader may see; the mask of
    each filter is computed once, for the list and for every facet's counts."""

    def __init__(self, user, view: counting.View, filters: Filters):
        self.view, self.filters = view, filters
        self.base = view.incidents & counting.incidents_in_years(
            view, filters.year_from, filters.year_to
        )
        if filters.q:
            self.base &= counting.mask_of(view, _matching_words_or_victim(user, filters.q))
        self.masks = {
            facet: _FILTERS[facet](view, filters.values(facet))
            for facet in FACETS
            if filters.values(facet)
        }

    def kept(self, leave_out: str = "") -> np.ndarray:
        """Incidents matching every filter but ``leave_out`` (for that facet's counts)."""
        kept = self.base.copy()
        for facet, mask in self.masks.items():
            if facet != leave_out:
                kept &= mask
        return kept


def _matching_words_or_victim(user, query: str) -> list[int]:
    """Incidents whose title or summary holds every word (by the blind text index), or with
    a victim the reader may see whose name is any spelling of the query (blind name index),
    or whose title or summary gives that name in any spelling (the text index's name keys).

    The text condition stays at the index's word pieces, without decrypting to confirm as
    the search page does: two pieces of a Korean word found apart in one summary are rare
    enough for a list that is then read.
    """
    named = PersonName.objects.spelled_like(query).values("person_id")
    victims = Act.objects.filter(
        victim_id__in=named, victim__in=access.visible_persons(user).values("pk")
    )
    condition = models.Q(pk__in=victims.values("incident_id"))
    words = indexing.candidate_ids(Incident, query)
    if words is not None:
        condition |= models.Q(pk__in=words)
    if key := mentions.name_key(query):  # the name in the summary, in any spelling or script
        condition |= models.Q(pk__in=indexing.ids_naming(Incident, key))
    return list(Incident.objects.filter(condition).values_list("pk", flat=True))


def _term_ids(facet: str, codes: list[str]) -> list[int]:
    known = _term_ids_by_code(VOCABULARIES[facet])
    return [known[code] for code in codes if code in known]


def _codes(known: tuple[str, ...], values: list[str]) -> list[int]:
    return [known.index(v) for v in values if v in known]


_FILTERS: dict[str, Callable] = {
    "violation": lambda v, values: counting.incidents_where(
        v, "violation", _term_ids("violation", values)
    ),
    "province": lambda v, values: counting.incidents_where(v, "place", places_within(values)),
    "perpetrator": lambda v, values: counting.incidents_where(
        v, "perpetrator", organizations_within(values)
    ),
    "status": lambda v, values: counting.incidents_where(
        v, "status", _codes(loading.INCIDENT_STATUSES, values)
    ),
    "sex": lambda v, values: counting.incidents_where(v, "sex", _codes(loading.SEXES, values)),
    "age_group": lambda v, values: counting.incidents_where(
        v, "age_group", _codes(loading.AGE_GROUPS, values)
    ),
    "source_kind": lambda v, values: counting.incidents_where(
        v, "source_kind", _term_ids("source_kind", values)
    ),
    "reliability": lambda v, values: counting.incidents_where(
        v, "reliability", _term_ids("reliability", values)
    ),
}


# --- Hierarchies (places, organizations): small trees, read once per call ------------------


def _tree(model) -> dict[int | None, list[int]]:
    def build() -> dict[int | None, list[int]]:
        children: dict[int | None, list[int]] = {}
        for pk, parent in model.objects.values_list("pk", "parent_id"):
            children.setdefault(parent, []).append(pk)
        return children

    return snapshot.reference(f"tree:{model._meta.label}", build)


def _below(children: dict, roots: list[int]) -> list[int]:
    found, todo, seen = [], list(roots), set()
    while todo:
        pk = todo.pop()
        if pk not in seen:
            seen.add(pk)
            found.append(pk)
            todo.extend(children.get(pk, ()))
    return found


def places_within(gazetteer_ids: list[str]) -> list[int]:
    """The places with these gazetteer ids and every place within them."""
    known = _place_ids_by_code()
    return _below(_tree(Place), [known[code] for code in gazetteer_ids if code in known])


def organizations_within(codes: list[str]) -> list[int]:
    """The organizations with these codes and all their sub-units."""
    known = _organization_ids_by_code()
    return _below(_tree(Organization), [known[code] for code in codes if code in known])


def region_of_places() -> dict[int, int]:
    """Each place's province (or Chinese prefecture, REGION_LEVEL): place pk → region pk."""
    return snapshot.reference("region_of_places", _region_of_places)


def _region_of_places() -> dict[int, int]:
    rows = {pk: (parent, level, country) for pk, parent, level, country in
            Place.objects.values_list("pk", "parent_id", "level", "country_code")}  # fmt: skip
    regions = {}
    for pk in rows:
        node, steps = pk, 0
        while node is not None and steps < 32:
            parent, level, country = rows[node]
            if level == REGION_LEVEL.get(country, "admin1"):
                regions[pk] = node
                break
            node, steps = parent, steps + 1
    return regions


# --- Counting --------------------------------------------------------------------------------


def facets(user, filters: Filters, matcher: Matcher | None = None) -> list[Facet]:
    """Every facet with its options and counts, over what ``user`` may see."""
    matcher = matcher or match(user, filters)
    return [Facet(key, str(FACET_LABELS[key]), _options(matcher, key)) for key in FACETS]


def _options(matcher: Matcher, key: str) -> list[Option]:
    counts = _COUNTS[key](matcher.view, matcher.kept(leave_out=key))
    chosen = set(matcher.filters.values(key))
    labels = _labels(key, set(counts) | chosen)
    options = [
        Option(value, label, counts.get(value, 0), value in chosen)
        for value, label in labels
        if counts.get(value) or value in chosen
    ]
    if key == "perpetrator":  # dozens of units: the most frequent ones, and the chosen
        options.sort(key=lambda o: (not o.selected, -o.count, o.label))
        options = [o for i, o in enumerate(options) if o.selected or i < 15]
    return options


def _by_code(counts: dict[int, int], codes: dict[int, str | None]) -> dict[str, int]:
    """Counts keyed by ids or positions turned into counts keyed by codes."""
    found: dict[str, int] = {}
    for key, n in counts.items():
        code = codes.get(key)
        if code:
            found[code] = found.get(code, 0) + n
    return found


def _count_terms(facet: str, counted_as: str):
    def count(view, kept) -> dict[str, int]:
        counts = counting.incidents_per_value(view, counted_as, kept)
        return _by_code(counts, _codes_by_id(_term_ids_by_code(VOCABULARIES[facet])))

    return count


def _count_positions(facet: str, known: tuple[str, ...]):
    def count(view, kept) -> dict[str, int]:
        counts = counting.incidents_per_value(view, facet, kept)
        return _by_code(counts, dict(enumerate(known)))

    return count


def _count_province(view, kept) -> dict[str, int]:
    """Incidents per region: each place counts for the province (or prefecture) above it."""
    regions = region_of_places()
    codes = _codes_by_id(_place_ids_by_code())
    by_place = counting.incidents_per_value(view, "place", kept)
    return _by_code(by_place, {place: codes.get(regions.get(place)) for place in by_place})


def _count_perpetrator(view, kept) -> dict[str, int]:
    counts = counting.incidents_per_value(view, "perpetrator", kept)
    return _by_code(counts, _codes_by_id(_organization_ids_by_code()))


_COUNTS: dict[str, Callable] = {
    "violation": _count_terms("violation", "violation"),
    "province": _count_province,
    "perpetrator": _count_perpetrator,
    "status": _count_positions("status", loading.INCIDENT_STATUSES),
    "sex": _count_positions("sex", loading.SEXES),
    "age_group": _count_positions("age_group", loading.AGE_GROUPS),
    "source_kind": _count_terms("source_kind", "source_kind"),
    "reliability": _count_terms("reliability", "reliability"),
}


def _labels(key: str, values: set[str]) -> list[tuple[str, str]]:
    """(value, label) in the facet's natural order."""
    if key == "status":
        return [(v, str(label)) for v, label in IncidentStatus.choices if v in values]
    if key == "sex":
        return [(v, str(label)) for v, label in Sex.choices if v in values]
    if key == "age_group":
        return [(v, str(label)) for v, label in AGE_GROUP_LABELS.items() if v in values]
    language = translation.get_language()
    every = snapshot.reference(f"labels:{key}:{language}", lambda: _every_label(key))
    return [(value, label) for value, label in every if value in values]


def _every_label(key: str) -> list[tuple[str, str]]:
    """Every (value, label) of a facet drawn from reference data, in its natural order."""
    if key == "province":
        places = Place.objects.exclude(gazetteer_id=None).prefetch_related("names")
        return sorted(((p.gazetteer_id, p.display_name()) for p in places), key=lambda x: x[0])
    if key == "perpetrator":
        found = Organization.objects.exclude(code=None).prefetch_related("names")
        return sorted(((o.code, o.display_name()) for o in found), key=lambda x: x[1])
    terms = Term.objects.filter(vocabulary__key=VOCABULARIES[key])
    return [(t.code, t.label) for t in terms.order_by("sort_order", "code")]
