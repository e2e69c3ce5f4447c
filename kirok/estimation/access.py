"""Who may estimate, and who may read a saved analysis (built on kirok.records.access).

- Estimating (running, saving, re-running): coordinators and analysts; an estimate counts
  only the records the estimator may see.
- A saved analysis is read by a reader who is a member of every case the analysis counted
  records through (then it sees every record counted); an analysis that counted records in
  no case also needs a coordinator. Its author is such a reader when saving; an author later
  taken out of one of those cases loses it too, as they lose the records (its list labels are
  source titles, and its small counts may point to people). Documenters and viewers read
  what they may see but do not run anything.
- Administrators see nothing (records.access). A refusal is a 404, audited as
  ``access_refused``, as for records.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from kirok.accounts.models import Role
from kirok.estimation.models import EstimationAnalysis
from kirok.records import access

ESTIMATING_ROLES = (Role.COORDINATOR, Role.ANALYST)


def may_read(user) -> bool:
    """Whether ``user`` may open the estimation pages at all."""
    return access.may_see_records(user)


def may_estimate(user) -> bool:
    """Whether ``user`` may run, save and re-run estimates."""
    return access.may_see_records(user) and user.role in ESTIMATING_ROLES


def may_see_analysis(
    user, analysis: EstimationAnalysis, member_cases: set[int] | None = None
) -> bool:
    """Whether ``user`` may read ``analysis`` (see the module docstring).

    ``member_cases`` (the ids of ``user``'s cases) saves a query per analysis in a list.
    """
    if not access.may_see_records(user):
        return False
    if analysis.includes_unassigned and not access.sees_unassigned(user):
        return False
    if member_cases is None:
        member_cases = _member_cases(user)
    return set(analysis.case_ids) <= member_cases


def _member_cases(user) -> set[int]:
    return set(access.member_case_ids(user).values_list("case_id", flat=True))


def visible_analyses(user) -> list[EstimationAnalysis]:
    """The saved analyses ``user`` may read, newest first."""
    if not access.may_see_records(user):
        return []
    candidates: QuerySet = EstimationAnalysis.objects.select_related("created_by")
    member_cases = _member_cases(user)
    return [a for a in candidates if may_see_analysis(user, a, member_cases)]


def get_analysis_for_user(user, public_id: uuid.UUID | str) -> EstimationAnalysis:
    """The analysis, if ``user`` may read it; Http404 and ``access_refused`` otherwise."""
    wanted = access.parse_public_id(public_id)
    if wanted is None:
        raise Http404
    analysis = (
        EstimationAnalysis.objects.select_related("created_by").filter(public_id=wanted).first()
    )
    if analysis is None or not may_see_analysis(user, analysis):
        access.refuse(EstimationAnalysis, user, wanted)
        raise Http404
    return analysis
