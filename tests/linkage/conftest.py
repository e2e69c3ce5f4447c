"""Persons for the linkage app's tests: one woman under two spellings, two namesakes.

``kim_hyesong`` and ``kim_hyesong_latin`` are one person: 김혜송 in a Korean testimony and
"Kim Hye-song" in an NGO list, both women born about 1984 in Hoeryong. ``kim_yongho_1950``
and ``kim_yongho_1982`` are two men who share a common name but not their birth year,
hometown or sex record; they must stay apart.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import factories


def hangul(text: str) -> list[dict]:
    return [{"text": text, "script": "hangul", "is_primary": True}]


def latin(text: str, romanization: str = "rr") -> list[dict]:
    return [{"text": text, "script": "latin", "romanization": romanization, "is_primary": True}]


def make_people(cases=()) -> SimpleNamespace:
    """The four persons (and a fifth, unrelated), all in ``cases``."""
    hometown = factories.hoeryong()
    onsong = factories.make_place("KP-09-onsong-gun", "온성군", "Onsong", parent=hometown.parent)
    return SimpleNamespace(
        kim_hyesong=factories.make_person(
            names=hangul("김혜송"),
            sex="female",
            birth_date="1984",
            hometown=hometown,
            cases=cases,
        ),
        kim_hyesong_latin=factories.make_person(
            names=latin("Kim Hye-song"),
            sex="female",
            birth_date="1984",
            hometown=hometown,
            cases=cases,
        ),
        kim_yongho_1950=factories.make_person(
            names=hangul("김영호"), sex="male", birth_date="1950", hometown=onsong, cases=cases
        ),
        kim_yongho_1982=factories.make_person(
            names=latin("Kim Yong-ho", "mr_plain"),
            sex="male",
            birth_date="1982",
            hometown=hometown,
            cases=cases,
        ),
        pak=factories.make_person(
            names=hangul("박철수"), sex="male", birth_date="1962", cases=cases
        ),
    )


@pytest.fixture
def people(db) -> SimpleNamespace:
    return make_people()


@pytest.fixture(autouse=True)
def english_pages(request):
    """Pages in English unless a test asks for Korean (the interface defaults to Korean).

    Only for tests that use the test client: the engine's tests need no database."""
    if "client" in request.fixturenames:
        request.getfixturevalue("client").defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
