"""The one search box: persons by any spelling of a name, incidents and sources by their words.

Everything a search reads is encrypted at rest (names, titles, summaries, source texts; also
published material, whose ``text`` is an EncryptedTextField like any other), so neither
SQLite FTS5 nor PostgreSQL full-text search or pg_trgm can see it. Kirok searches the keyed
blind indexes instead:

- names: ``PersonName.objects.spelled_like`` — the keyed hash of the names library's
  comparison key, equal for 김혜송, "Kim Hye-song" and "Gim Hyesong";
- words: ``kirok.security.indexing`` — keyed hashes of word prefixes and of two-character
  pieces of Hangul, so that "보위부" finds "보위부는"; each candidate is then decrypted and
  confirmed to hold every word, so a page never shows a false match;
- names in texts: the same index holds the comparison key of every place a text may name a
  person (kirok.lib.names.mentions), so that a name finds the texts that give it in any
  spelling or script.

Only records the reader may see are searched (kirok.records.access), and every search is
written to the audit log as a keyed hash of the query (kirok.audit.services.record_search).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from kirok.audit import services as audit
from kirok.lib import text_match
from kirok.lib.names import comparison_key, mentions
from kirok.records import access
from kirok.records.models import Act, Incident, Person, PersonName
from kirok.search import snippets
from kirok.security import indexing
from kirok.sources.models import Source
from kirok.vocabularies.models import Term

LIMIT = 20  # per group; the incident browser pages through more
NAME_WORDS = 4  # a query of more words is not taken for a name in the audit log
CANDIDATES = 150  # decrypted at most per group, so a common word cannot stall the server


@dataclass
class Hit:
    record: models.Model
    snippet: list[snippets.Piece] = field(default_factory=list)
    names: list[PersonName] = field(default_factory=list)  # the names that matched
    victims: list[Person] = field(default_factory=list)  # found through a victim's name
    apart: bool = False  # the query's words occur in the text, but not side by side


@dataclass
class Results:
    query: str
    persons: list[Hit] = field(default_factory=list)
    incidents: list[Hit] = field(default_factory=list)
    sources: list[Hit] = field(default_factory=list)
    more: set[str] = field(default_factory=set)  # groups cut at LIMIT

    @property
    def total(self) -> int:
        return len(self.persons) + len(self.incidents) + len(self.sources)


def search(user, query: str) -> Results:
    """What ``user`` may see that the query finds, grouped; the search is audited."""
    results = find(user, query)
    audit_search(user, results.query, results.total)
    return results


def find(user, query: str) -> Results:
    """The search without its audit entry: :func:`search` is what pages call."""
    query = " ".join(query.split())[:200]
    results = Results(query)
    if query:
        words = text_match.query_words(query)
        results.persons = _persons(user, query, results)
        results.incidents = _incidents(user, query, words, results)
        results.sources = _sources(user, query, words, results)
    return results


def query_kind(query: str) -> str:
    """The audit log's kind of a query: "name" when it may be a person's name (the alert
    rule counts those), else "text". One box searches names and words alike, so any short
    query counts as a name: better an alert too many than a list of names unnoticed."""
    short = len(query.split()) <= NAME_WORDS
    return "name" if short and comparison_key(query) else "text"


def audit_search(user, query: str, results: int) -> None:
    if query:
        audit.record_search(query_kind(query), query, results, actor=user)


def _persons(user, query: str, results: Results) -> list[Hit]:
    matched = PersonName.objects.spelled_like(query)
    persons = _shown_persons(
        access.visible_persons(user).filter(pk__in=matched.values("person_id"))
    ).order_by("pk")[: LIMIT + 1]
    digest = PersonName._meta.get_field("search_key").digest_for(query)
    hits = [
        Hit(person, names=[n for n in person.names.all() if n.search_key == digest])
        for person in persons
    ]
    return _cut(hits, "persons", results)


def _incidents(user, query: str, words: list[str], results: Results) -> list[Hit]:
    visible = access.visible_incidents(user)
    shown = visible.only(*_INCIDENT_SHOWN)
    by_words, unread = _confirmed(shown, query, words, Incident.SEARCHABLE_TEXT, "summary")
    by_name, unread_named = _named(shown, query, "summary", by_words)
    unread |= unread_named
    by_text = {hit.record.pk: hit for hit in _ordered(by_words, by_name)}
    # A victim's name first: it answers "where is this person mentioned" most directly.
    named = []
    for incident, persons in _incidents_by_victim_name(user, visible, query):
        hit = by_text.pop(incident.pk, None) or Hit(
            incident, snippets.snippet(incident.summary, [])
        )
        hit.victims = persons
        named.append(hit)
    return _cut(named + list(by_text.values()), "incidents", results, unread)


def _incidents_by_victim_name(user, visible, query: str) -> list[tuple[Incident, list[Person]]]:
    """Incidents with a victim (whom the reader may see) named by any spelling of the query.

    The acts are read as ids first; only the incidents and victims shown are then loaded,
    since loading one decrypts it (a common name has hundreds of acts).
    """
    named = PersonName.objects.spelled_like(query).values("person_id")
    # Correlated EXISTS: the few acts of the named victims are checked one by one, instead of
    # listing every visible incident and person first.
    rows = (
        Act.objects.filter(victim_id__in=named)
        .filter(models.Exists(visible.filter(pk=models.OuterRef("incident_id"))))
        .filter(models.Exists(access.visible_persons(user).filter(pk=models.OuterRef("victim_id"))))
        # No ORDER BY: a common name has thousands of acts, and sorting them all to show
        # twenty is what took the time; the database stops after LIMIT * 5.
        .order_by()
        .values_list("incident_id", "victim_id")[: LIMIT * 5]
    )
    victims_of: dict[int, list[int]] = {}
    for incident_id, victim_id in sorted(rows):
        victims = victims_of.setdefault(incident_id, [])
        if victim_id not in victims:
            victims.append(victim_id)
    chosen = list(victims_of)[: LIMIT + 1]
    incidents = Incident.objects.only(*_INCIDENT_SHOWN).in_bulk(chosen)
    persons = _shown_persons(
        Person.objects.filter(pk__in={pk for i in chosen for pk in victims_of[i]})
    ).in_bulk()
    return [
        (incidents[pk], [persons[victim] for victim in victims_of[pk]])
        for pk in chosen
        if pk in incidents
    ]


# What a result shows of an incident or a person (every other encrypted field stays sealed).
_INCIDENT_SHOWN = ("pk", "public_id", "title", "summary", "status")


def _shown_persons(persons: models.QuerySet) -> models.QuerySet:
    # A result shows a person's names as written: their parts (family and given name, each
    # encrypted) stay sealed, which is two decryptions fewer for every name.
    names = PersonName.objects.only(
        "pk", "person_id", "text", "script", "kind", "is_primary", "sort_order", "search_key"
    )
    return persons.only("pk", "public_id", "status").prefetch_related(
        models.Prefetch("names", queryset=names)
    )


def _sources(user, query: str, words: list[str], results: Results) -> list[Hit]:
    # Only what a result shows: author, reference and notes stay sealed.
    visible = access.visible_sources(user).only(
        "pk", "public_id", "title", "text", "kind", "reliability", "credibility"
    )
    by_words, unread = _confirmed(visible, query, words, Source.SEARCHABLE_TEXT, "text")
    by_name, unread_named = _named(visible, query, "text", by_words)
    hits = _ordered(by_words, by_name)
    _attach_terms([hit.record for hit in hits])
    unread |= unread_named
    return _cut(hits, "sources", results, unread)


def _attach_terms(sources: list[Source]) -> None:
    """The kind and grade terms a hit shows, read in one query afterwards: joined onto the
    search's query (select_related), they made PostgreSQL spend 10 ms planning it."""
    fields = ("kind", "reliability", "credibility")
    wanted = {getattr(source, f"{field}_id") for source in sources for field in fields}
    terms = Term.objects.in_bulk(wanted - {None})
    for source in sources:
        source.kind = terms.get(source.kind_id)
        source.reliability = terms.get(source.reliability_id)
        source.credibility = terms.get(source.credibility_id)


def _confirmed(
    queryset, query: str, words: list[str], fields: tuple[str, ...], shown: str
) -> tuple[list[Hit], bool]:
    """Records whose decrypted text holds every word (kirok.lib.text_match, the rule the
    index means), with the passage where the words stand closest in the ``shown`` field
    (or the title); and whether candidates were left unread (only the newest CANDIDATES
    are).

    Each hit says whether its words stand apart (:func:`_ordered` puts those last): "Kim
    Hye-song" in a long list of names also finds a Kim, a Hyesan and a Songhwa lines apart.
    Only the records read are ordered so; reading on for more side-by-side hits would
    decrypt up to CANDIDATES long texts a search.
    """
    records = indexing.newest_records(queryset, query, batch=LIMIT + 1, most=CANDIDATES)
    if records is None or not words:
        return [], False
    found, unread = [], False
    for record in records:
        if record is None:
            unread = True  # CANDIDATES read, or the index walk stopped, and more remain
            break
        text = "\n".join(str(getattr(record, f) or "") for f in fields)
        if not text_match.holds_all(text, words):
            continue  # pieces of a word found apart: not a match
        passage = snippets.snippet(getattr(record, shown) or "", words)
        if not any(piece.match for piece in passage):  # the words are in the title
            passage = snippets.snippet(record.title, words)
        found.append(Hit(record, passage, apart=not text_match.together(text, words)))
        if len(found) > LIMIT:
            break
    return found, unread


def _named(queryset, query: str, shown: str, by_words: list[Hit]) -> tuple[list[Hit], bool]:
    """For a query that reads as a name: the records whose text names someone so called, in
    any spelling ("Kim Hye-song" finds a testimony's 김혜송은), newest first, the passage
    around the name (the ``shown`` field's, or the title's), the name marked; and whether
    candidates were left unread. The text index holds the comparison key of every place in a
    text that may be a name (kirok.lib.names.mentions); the name is then looked for in each
    candidate's text, to mark it.

    The records the words found are left out, and only as many are read as the page still
    has room for after the words side by side (:func:`_ordered`): each read decrypts a text,
    and a common name's words alone often fill the page.
    """
    key = mentions.name_key(query)
    room = LIMIT + 1 - sum(not hit.apart for hit in by_words)
    if not key or room <= 0:
        return [], False
    found = []
    queryset = queryset.exclude(pk__in=[hit.record.pk for hit in by_words])
    for record in indexing.newest_records_naming(queryset, key, batch=room, most=CANDIDATES):
        if record is None:
            return found, True
        if passage := snippets.naming([getattr(record, shown) or "", record.title], [key]):
            found.append(Hit(record, passage))
        if len(found) >= room:
            break
    return found, False


def _ordered(by_words: list[Hit], by_name: list[Hit]) -> list[Hit]:
    """The query's words side by side, then its name in other spellings, then its words
    scattered through a text."""
    return (
        [hit for hit in by_words if not hit.apart]
        + by_name
        + [hit for hit in by_words if hit.apart]
    )


def _cut(hits: list[Hit], group: str, results: Results, unread: bool = False) -> list[Hit]:
    if len(hits) > LIMIT or unread:
        results.more.add(group)
    return hits[:LIMIT]
