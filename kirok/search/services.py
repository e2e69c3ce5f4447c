"""Saved searches: keep, list and forget one user's bookmarks of the incident browser."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from kirok.audit import services as audit
from kirok.records import access
from kirok.search import facets
from kirok.search.models import SavedSearch

MAX_NAME = 120
MAX_SAVED = 200  # per user; a bookmark list, not a data store
KEPT_PARAMETERS = ("year_from", "year_to", "sort", *facets.FACETS)


def clean_query_string(raw: str) -> str:
    """Only the browser's own parameters, re-encoded: a saved search cannot carry anything
    else into a page (``page`` is dropped too: a saved search starts at the first page).
    Words are kept sealed (``qe``, facets.seal_words), whether they came plain or sealed."""
    given = QueryDict(raw[:8000])
    kept = QueryDict(mutable=True)
    words = facets.words_of(given)  # not parse_filters: the facets' values are kept as given
    if words:
        kept["qe"] = facets.seal_words(words)
    for name in KEPT_PARAMETERS:
        values = [v for v in given.getlist(name) if v.strip()]
        if values:
            kept.setlist(name, values[: facets.MAX_VALUES])
    return kept.urlencode()


def saved_searches(user) -> models.QuerySet[SavedSearch]:
    """The user's own saved searches, newest first; nobody sees another's."""
    if not access.may_see_records(user):
        return SavedSearch.objects.none()
    return SavedSearch.objects.filter(owner=user)


def save_search(user, name: str, query_string: str) -> SavedSearch:
    """Keep a search under a name; ValidationError for an empty name or too many."""
    name = " ".join(name.split())[:MAX_NAME]
    if not name:
        raise ValidationError(_("Give the search a name."))
    if saved_searches(user).count() >= MAX_SAVED:
        raise ValidationError(_("You have too many saved searches; delete some first."))
    saved = SavedSearch.objects.create(
        owner=user, name=name, query=clean_query_string(query_string)
    )
    audit.record("search_saved", actor=user, obj=saved)
    return saved


def get_saved_search_for_user(user, public_id) -> SavedSearch:
    """The user's saved search with this id; Http404 (audited) for anyone else's."""
    wanted = access.parse_public_id(public_id)
    found = saved_searches(user).filter(public_id=wanted).first() if wanted else None
    if found is None:
        access.refuse(SavedSearch, user, public_id if wanted else "")
        raise Http404
    return found


def delete_search(user, saved: SavedSearch) -> None:
    audit.record("search_deleted", actor=user, obj=saved)
    saved.delete()
