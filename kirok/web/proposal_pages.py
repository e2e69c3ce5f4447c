"""What the review page of a source shows: its text with every proposed record's words
highlighted, and beside it each proposal — its review form while it waits, what was decided
(and by whom) once it is decided.

A proposal is shown to whoever may see its source; its incident is linked only for a reader
who may see that incident.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kirok.lib import passages
from kirok.records import access
from kirok.sources import proposals as service
from kirok.sources.models import Proposal, Source
from kirok.sources.proposal_forms import (
    ProposalForm,
    VictimFormSet,
    review_cases,
    victim_initial,
)

FIELD_LABELS = {
    "types": gettext_lazy("Violation types"),
    "date": gettext_lazy("Date"),
    "place": gettext_lazy("Place"),
    "perpetrator": gettext_lazy("Perpetrator"),
    "victim_count": gettext_lazy("Number of victims"),
    "victims": gettext_lazy("Victims"),
    "victim": gettext_lazy("Victim"),
    "evidence": gettext_lazy("Passage"),
}
VERDICT_LABELS = {
    "accepted": gettext_lazy("accepted as proposed"),
    "edited": gettext_lazy("corrected"),
    "rejected": gettext_lazy("rejected"),
    "added": gettext_lazy("added by the reviewer"),
}


@dataclass
class TextPiece:
    """A stretch of the source's text and the proposals whose words cover it."""

    text: str
    proposals: str = ""  # numbers, space-separated (data attribute for the page's script)
    classes: str = ""
    anchors: list[str] = field(default_factory=list)
    title: str = ""


@dataclass
class Hint:
    """A proposed field in the extractor's words, and where the text says it."""

    label: str
    value: str
    words: str = ""
    anchor: str = ""


@dataclass
class Card:
    proposal: Proposal
    found: dict
    stale: bool
    hints: dict[str, Hint]
    types: str = ""
    victim_names: list[str] = field(default_factory=list)
    form: ProposalForm | None = None
    victims: VictimFormSet | None = None
    verdicts: list[tuple[str, str]] = field(default_factory=list)
    reason: str = ""
    incident_visible: bool = False


@dataclass
class ReviewPage:
    source: Source
    pieces: list[TextPiece]
    cards: list[Card]
    pending: int
    stale: int


def review_page(user, source: Source, can_edit: bool, bound: dict | None = None) -> ReviewPage:
    """The page; ``bound`` maps a proposal's pk to its submitted (invalid) forms."""
    digest = service.text_digest(source.text)
    found = list(source.proposals.select_related("decided_by", "incident").order_by("number"))
    visible_incidents = set(
        access.visible_incidents(user)
        .filter(pk__in=[p.incident_id for p in found if p.incident_id])
        .values_list("pk", flat=True)
    )
    cases = review_cases(user, source) if can_edit else None
    cards = []
    for proposal in found:
        card = _card(proposal, digest, source.text)
        card.incident_visible = proposal.incident_id in visible_incidents
        if proposal.status == Proposal.Status.PENDING and can_edit and not card.stale:
            card.form, card.victims = (bound or {}).get(proposal.pk) or review_forms(
                proposal, cases
            )
        cards.append(card)
    return ReviewPage(
        source=source,
        pieces=_pieces(source.text, [c for c in cards if not c.stale]),
        cards=cards,
        pending=sum(c.proposal.status == Proposal.Status.PENDING for c in cards),
        stale=sum(c.stale for c in cards),
    )


def review_forms(proposal: Proposal, cases, data=None) -> tuple[ProposalForm, VictimFormSet]:
    """The review form and victims' rows of one proposal (bound to ``data`` if given)."""
    suggestion = service.suggestion(proposal)
    prefix = f"p{proposal.number}"
    form = ProposalForm(data, prefix=prefix, suggestion=suggestion, cases=cases)
    victims = VictimFormSet(data, prefix=f"{prefix}-v", initial=victim_initial(suggestion.victims))
    return form, victims


def _card(proposal: Proposal, digest: str, text: str) -> Card:
    found = service.proposed(proposal)
    decided = service.decision(proposal)
    suggestion = service.suggestion(proposal)
    card = Card(
        proposal=proposal,
        found=found,
        stale=proposal.text_sha256 != digest,
        hints=_hints(proposal.number, found, suggestion, text),
        types=", ".join(term.label for term in suggestion.types),
        victim_names=[v["name"] for v in suggestion.victims if v.get("name")],
        reason=decided.get("reason", ""),
    )
    verdicts = decided.get("fields") or {}
    card.verdicts = [
        (str(FIELD_LABELS.get(name, name)), _verdict_words(value))
        for name, value in verdicts.items()
    ]
    return card


def _verdict_words(value) -> str:
    if isinstance(value, list):  # one per victim
        return ", ".join(str(VERDICT_LABELS.get(v, v)) for v in value)
    return str(VERDICT_LABELS.get(value, value))


def _hints(number: int, found: dict, suggestion: service.Suggestion, text: str) -> dict[str, Hint]:
    spans = found.get("spans") or {}

    def words(name: str) -> tuple[str, str]:
        span = spans.get(name)
        if not span:
            return "", ""
        return text[span["start"] : span["end"]], f"p{number}-{name}"

    place = suggestion.place or (found.get("place") or {}).get("text") or ""
    organization = suggestion.organization or (found.get("perpetrator") or {}).get("text") or ""
    return {
        "date": Hint(_("Date"), suggestion.date, *words("date")),
        "place": Hint(_("Place"), str(place), *words("place")),
        "perpetrator": Hint(_("Perpetrator"), str(organization), *words("perpetrator")),
        "victim_count": Hint(
            _("Number of victims"),
            _count_words(found.get("victim_count") or {}),
            *words("victim_count"),
        ),
    }


def _count_words(count: dict) -> str:
    low, high = count.get("min"), count.get("max")
    if low is None and high is None:
        return ""
    if low == high:
        return str(low)
    return f"{low if low is not None else '?'}–{high if high is not None else '?'}"


def _pieces(text: str, cards: list[Card]) -> list[TextPiece]:
    """The text cut where any proposal's passage or field words begin or end."""
    marks = []
    for card in cards:
        number, found = card.proposal.number, card.found
        for index, evidence in enumerate(found.get("evidence") or ()):
            marks.append(((number, "evidence", index), evidence["start"], evidence["end"]))
        spans = found.get("spans") or {}
        for name in ("date", "place", "perpetrator", "victim_count"):
            if spans.get(name):
                marks.append(((number, name, 0), spans[name]["start"], spans[name]["end"]))
        for index, span in enumerate(spans.get("victims") or ()):
            if span:
                marks.append(((number, "victim", index), span["start"], span["end"]))
    status = {card.proposal.number: card.proposal.status for card in cards}
    return [_piece(segment, status) for segment in passages.segments(text, marks)]


def _piece(segment: passages.Segment, status: dict[int, str]) -> TextPiece:
    if not segment.marks:
        return TextPiece(segment.text, anchors=_anchors(segment.starts))
    numbers = sorted({number for number, _kind, _index in segment.marks})
    kinds = sorted({kind for _number, kind, _index in segment.marks if kind != "evidence"})
    classes = ["proposed", *(f"proposed-{status[n]}" for n in numbers)]
    classes += [f"words words-{kind}" for kind in kinds[:1]]
    title = "; ".join(
        _("Proposal %(number)s: %(what)s")
        % {"number": n, "what": ", ".join(str(FIELD_LABELS[k]) for k in kinds) or _("passage")}
        for n in numbers
    )
    return TextPiece(
        segment.text,
        proposals=" ".join(str(n) for n in numbers),
        classes=" ".join(dict.fromkeys(classes)),
        anchors=_anchors(segment.starts),
        title=title,
    )


def _anchors(starts) -> list[str]:
    """Element ids where a proposal's passage or field words begin, e.g. ``p2-date``."""
    anchors = []
    for number, kind, index in starts:
        if kind in ("evidence", "victim"):
            anchors.append(f"p{number}-{kind}-{index}")
        else:
            anchors.append(f"p{number}-{kind}")
    return anchors
