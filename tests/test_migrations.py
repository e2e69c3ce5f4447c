"""Migrations are checked in and named for what they change."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command


def test_no_model_change_lacks_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_migrations_are_named_for_what_they_change():
    root = Path(__file__).resolve().parent.parent / "kirok"
    names = [p.stem for p in root.glob("*/migrations/0*.py")]
    assert names
    automatic = [n for n in names if re.fullmatch(r"\d{4}_(initial|auto_\d+_\d+)", n)]
    assert automatic == []


def _forget_name_tokens(source) -> None:
    """Delete the name keys of a source's text from the index, as an older version, which did
    not index them (or keyed them by another reading), left it."""
    from kirok.security import indexing, keyring
    from kirok.security.models import TextToken

    names = {
        keyring.blind_index(token, purpose=indexing.PURPOSE)
        for token in indexing.document_tokens(source.text)
        if token.startswith("n:")
    }
    TextToken.objects.filter(record_id=source.pk, digest__in=names).delete()


def _sources_found(client, query: str) -> list:
    from django.urls import reverse

    response = client.get(reverse("search:search"), {"q": query})
    return [hit.record for hit in response.context["results"].sources]


def _migrate(app: str, module: str, function: str) -> None:
    """Run one data migration's function on the current models."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module(f"kirok.{app}.migrations.{module}")
    getattr(migration, function)(apps, SimpleNamespace(connection=connection))


def test_texts_indexed_before_names_were_are_found_by_a_name_after_migrating(client, analyst, case):
    """security 0003 indexes every text again: a text indexed without the keys of the names
    it gives (an older version's index) is then found by a name in another spelling."""
    from tests import factories

    source = factories.make_source(title="면담", text="그날 밤 김혜송은 끌려갔다.", cases=[case])
    _forget_name_tokens(source)
    client.force_login(analyst)  # a member of ``case``
    assert _sources_found(client, "Kim Hye-song") == []
    _migrate("security", "0003_index_names_in_text", "index_again")
    assert _sources_found(client, "Kim Hye-song") == [source]


def test_texts_in_chinese_characters_are_found_by_a_name_after_migrating(client, analyst, case):
    """security 0004 indexes again the texts that hold Chinese characters, whose names an
    older version did not index; the others keep their tokens untouched."""
    from kirok.security.models import TextToken
    from tests import factories

    chinese = factories.make_source(title="拘留通知", text="朝鲜籍女子金惠松被拘留。", cases=[case])
    korean = factories.make_source(title="면담", text="그날 밤 김혜송은 끌려갔다.", cases=[case])
    _forget_name_tokens(chinese)
    korean_rows = set(TextToken.objects.filter(record_id=korean.pk).values_list("pk", flat=True))
    client.force_login(analyst)  # a member of ``case``
    assert _sources_found(client, "Kim Hye-song") == [korean]
    _migrate("security", "0004_index_names_in_chinese_characters", "index_chinese_texts_again")
    assert _sources_found(client, "Kim Hye-song") == [korean, chinese]
    assert set(TextToken.objects.filter(record_id=korean.pk).values_list("pk", flat=True)) == (
        korean_rows
    )


@pytest.mark.parametrize(
    ("migration", "name", "old_key", "found_by"),
    [
        # 0002: a character inside a name keeps its ㄹ (恩蘭 is 은란, no longer 은난).
        ("0002_search_keys_of_names_in_chinese_characters", "全恩蘭", "전은난", "전은란"),
        # 0003: a given name reads as schools teach it (純 is 순, no longer 준).
        ("0003_search_keys_of_names_read_as_taught", "金純姬", "김준희", "김순희"),
    ],
)
def test_names_in_chinese_characters_get_the_search_key_of_todays_reading(
    db, migration, name, old_key, found_by
):
    """records 0002 and 0003 recompute the search key of names written in characters: a
    name keyed by an older version's reading is then found by its Hangul spelling."""
    from kirok.records.models import PersonName
    from tests import factories

    person = factories.make_person(names=[{"text": name, "script": "hanja"}])
    field = PersonName._meta.get_field("search_key")
    PersonName.objects.filter(person=person).update(search_key=field.digest_for(old_key))
    assert not PersonName.objects.spelled_like(found_by).exists()
    _migrate("records", migration, "recompute")
    assert [n.person for n in PersonName.objects.spelled_like(found_by)] == [person]


def test_texts_naming_someone_in_characters_are_found_by_the_taught_reading_after_migrating(
    client, analyst, case
):
    """security 0005 indexes again the texts that hold Chinese characters: a notice naming
    金純姬, indexed by an older version under 김준희's key, is then found by 김순희."""
    from tests import factories

    notice = factories.make_source(title="拘留通知", text="朝鲜籍女子金純姬被拘留。", cases=[case])
    _forget_name_tokens(notice)
    client.force_login(analyst)
    assert _sources_found(client, "김순희") == []
    _migrate("security", "0005_index_names_read_as_taught", "index_chinese_texts_again")
    assert _sources_found(client, "김순희") == [notice]
