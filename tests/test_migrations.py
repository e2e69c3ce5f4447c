"""Migrations are checked in and named for what they change."""

import re
from pathlib import Path

from django.core.management import call_command


def test_no_model_change_lacks_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_migrations_are_named_for_what_they_change():
    root = Path(__file__).resolve().parent.parent / "kirok"
    names = [p.stem for p in root.glob("*/migrations/0*.py")]
    assert names
    automatic = [n for n in names if re.fullmatch(r"\d{4}_(initial|auto_\d+_\d+)", n)]
    assert automatic == []


def test_texts_indexed_before_names_were_are_found_by_a_name_after_migrating(client, analyst, case):
    """security 0003 indexes every text again: a text indexed without the keys of the names
    it gives (an older version's index) is then found by a name in another spelling."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection
    from django.urls import reverse

    from kirok.security import indexing, keyring
    from kirok.security.models import TextToken
    from tests import factories

    source = factories.make_source(title="면담", text="그날 밤 김혜송은 끌려갔다.", cases=[case])
    names = {
        keyring.blind_index(token, purpose=indexing.PURPOSE)
        for token in indexing.document_tokens(source.text)
        if token.startswith("n:")
    }
    TextToken.objects.filter(digest__in=names).delete()  # as an older version indexed it
    client.force_login(analyst)  # a member of ``case``

    def found() -> list:
        response = client.get(reverse("search:search"), {"q": "Kim Hye-song"})
        return [hit.record for hit in response.context["results"].sources]

    assert found() == []
    migration = importlib.import_module("kirok.security.migrations.0003_index_names_in_text")
    migration.index_again(apps, SimpleNamespace(connection=connection))
    assert found() == [source]


def test_texts_in_chinese_characters_are_found_by_a_name_after_migrating(client, analyst, case):
    """security 0004 indexes again the texts that hold Chinese characters, whose names an
    older version did not index; the others keep their tokens untouched."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection
    from django.urls import reverse

    from kirok.security import indexing, keyring
    from kirok.security.models import TextToken
    from tests import factories

    chinese = factories.make_source(title="拘留通知", text="朝鲜籍女子金惠松被拘留。", cases=[case])
    korean = factories.make_source(title="면담", text="그날 밤 김혜송은 끌려갔다.", cases=[case])
    names = {
        keyring.blind_index(token, purpose=indexing.PURPOSE)
        for token in indexing.document_tokens(chinese.text)
        if token.startswith("n:")
    }
    TextToken.objects.filter(record_id=chinese.pk, digest__in=names).delete()  # as before
    korean_rows = set(TextToken.objects.filter(record_id=korean.pk).values_list("pk", flat=True))
    client.force_login(analyst)  # a member of ``case``

    def found() -> list:
        response = client.get(reverse("search:search"), {"q": "Kim Hye-song"})
        return [hit.record for hit in response.context["results"].sources]

    assert found() == [korean]
    module = "kirok.security.migrations.0004_index_names_in_chinese_characters"
    migration = importlib.import_module(module)
    migration.index_chinese_texts_again(apps, SimpleNamespace(connection=connection))
    assert found() == [korean, chinese]
    assert set(TextToken.objects.filter(record_id=korean.pk).values_list("pk", flat=True)) == (
        korean_rows
    )


def test_names_in_chinese_characters_get_the_search_key_of_their_reading_inside_a_name(db):
    """records 0002 recomputes the search key of names written in characters: 全恩蘭 keyed
    by an older version as 전은난 is then found by 전은란."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from kirok.records.models import PersonName
    from tests import factories

    person = factories.make_person(names=[{"text": "全恩蘭", "script": "hanja"}])
    field = PersonName._meta.get_field("search_key")
    PersonName.objects.filter(person=person).update(search_key=field.digest_for("전은난"))
    assert not PersonName.objects.spelled_like("전은란").exists()
    migration = importlib.import_module(
        "kirok.records.migrations.0002_search_keys_of_names_in_chinese_characters"
    )
    migration.recompute(apps, SimpleNamespace(connection=connection))
    assert [name.person for name in PersonName.objects.spelled_like("전은란")] == [person]


def test_names_in_chinese_characters_get_the_search_key_of_the_reading_schools_teach(db):
    """records 0003 recomputes the search key of names written in characters: 金純姬 keyed
    by an older version as 김준희 is then found by 김순희."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from kirok.records.models import PersonName
    from tests import factories

    person = factories.make_person(names=[{"text": "金純姬", "script": "hanja"}])
    field = PersonName._meta.get_field("search_key")
    PersonName.objects.filter(person=person).update(search_key=field.digest_for("김준희"))
    assert not PersonName.objects.spelled_like("김순희").exists()
    migration = importlib.import_module(
        "kirok.records.migrations.0003_search_keys_of_names_read_as_taught"
    )
    migration.recompute(apps, SimpleNamespace(connection=connection))
    assert [name.person for name in PersonName.objects.spelled_like("김순희")] == [person]


def test_texts_naming_someone_in_characters_are_found_by_the_taught_reading_after_migrating(
    client, analyst, case
):
    """security 0005 indexes again the texts that hold Chinese characters: a notice naming
    金純姬, indexed by an older version under 김준희's key, is then found by 김순희."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection
    from django.urls import reverse

    from kirok.security import indexing, keyring
    from kirok.security.models import TextToken
    from tests import factories

    notice = factories.make_source(title="拘留通知", text="朝鲜籍女子金純姬被拘留。", cases=[case])
    names = {
        keyring.blind_index(token, purpose=indexing.PURPOSE)
        for token in indexing.document_tokens(notice.text)
        if token.startswith("n:")
    }
    TextToken.objects.filter(record_id=notice.pk, digest__in=names).delete()  # as before
    client.force_login(analyst)

    def found() -> list:
        response = client.get(reverse("search:search"), {"q": "김순희"})
        return [hit.record for hit in response.context["results"].sources]

    assert found() == []
    module = "kirok.security.migrations.0005_index_names_read_as_taught"
    importlib.import_module(module).index_chinese_texts_again(
        apps, SimpleNamespace(connection=connection)
    )
    assert found() == [notice]
