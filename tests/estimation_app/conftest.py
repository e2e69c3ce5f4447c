"""Records to estimate over: three sources citing people of one case, in three ways.

Source A cites persons on themselves; source B cites acts against them; source C cites
incidents (every victim of the incident is on list C). Counts are small and chosen so that
every capture pattern is seen.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import factories


def make_lists(case, *, people: int = 60, seed_offset: int = 0):
    """Three sources of ``case`` and ``people`` victims, each on a pattern of lists.

    Person i is on list A when i % 2 == 0, on B when i % 3 == 0, on C when i % 5 < 2, and on
    A otherwise when on none of them (everyone is on at least one list). Years alternate
    2012/2015; sexes alternate female/male.
    """
    sources = [factories.make_source(cases=[case]) for _ in range(3)]
    incidents = {
        year: factories.make_incident(cases=[case], start_date=f"{year}-05")
        for year in (2012, 2015)
    }
    # Incidents cited by C as a whole: every victim of one is on list C.
    cited = {
        year: factories.make_incident(cases=[case], start_date=f"{year}-08")
        for year in (2012, 2015)
    }
    for incident in cited.values():
        factories.make_evidence(sources[2], incident=incident)
    persons = []
    expected: dict[tuple[int, int, int], int] = {}
    for i in range(seed_offset, seed_offset + people):
        year = 2012 if i % 2 else 2015
        # No names and no perpetrators: they cost time and change no count.
        person = factories.make_person(names=[], cases=[case], sex="female" if i % 2 else "male")
        act = factories.make_act(incident=incidents[year], victim=person, perpetrators=())
        on_a, on_b, on_c = i % 2 == 0, i % 3 == 0, i % 5 < 2
        if not (on_a or on_b or on_c):
            on_a = True
        if on_a:
            factories.make_evidence(sources[0], person=person)
        if on_b:
            factories.make_evidence(sources[1], act=act)
        if on_c:
            factories.make_act(incident=cited[year], victim=person, perpetrators=())
        pattern = (int(on_a), int(on_b), int(on_c))
        expected[pattern] = expected.get(pattern, 0) + 1
        persons.append(person)
    return SimpleNamespace(sources=sources, persons=persons, expected=expected)


@pytest.fixture
def estimation_world(db, reference_data):
    analyst = factories.make_user("analyst", username="estimator")
    case = factories.make_case("추정 사례 (estimation case)", members=[analyst])
    made = make_lists(case, people=30)
    made.analyst, made.case = analyst, case
    return made
