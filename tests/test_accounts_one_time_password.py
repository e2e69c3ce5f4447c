"""Accounts with a one-time password (from `kirok init` or `kirok createuser`) replace it,
after two-factor and before any other page."""

import pytest
from django.urls import reverse

from tests import factories

PASSWORD_PAGE = reverse("web:password_change")
NEW_PASSWORD = "a new long passphrase 두만강"


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages in English (the default interface language is Korean)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_an_account_with_a_one_time_password_is_sent_to_replace_it_from_every_page(client, db):
    user = factories.make_user("coordinator", must_change_password=True)
    client.force_login(user)
    for url in (reverse("web:home"), reverse("accounts:two_factor"), reverse("accounts:confirm")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == PASSWORD_PAGE, url
    assert client.get(PASSWORD_PAGE).status_code == 200


def test_once_replaced_every_page_opens(client, db):
    user = factories.make_user("coordinator", must_change_password=True)
    client.force_login(user)
    client.post(
        PASSWORD_PAGE,
        {
            "old_password": factories.PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("web:home")).status_code == 200


def test_a_new_account_sets_up_two_factor_before_replacing_its_password(client, db):
    factories.make_user("analyst", username="new-analyst", must_change_password=True)
    response = client.post(
        reverse("web:login"),
        {"username": "new-analyst", "password": factories.PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:two_factor_enrol"))
    assert client.get(PASSWORD_PAGE).url.startswith(reverse("accounts:two_factor_enrol"))


def test_the_old_password_alone_cannot_change_the_password_of_an_account_with_two_factor(
    client, db
):
    # Someone who learnt a one-time password must still give the owner's code first.
    user = factories.make_user("analyst", must_change_password=True)
    factories.make_authenticator(user)
    factories.log_in_password_only(client, user)
    response = client.post(
        PASSWORD_PAGE,
        {
            "old_password": factories.PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.url.startswith(reverse("accounts:two_factor_verify"))
    user.refresh_from_db()
    assert user.check_password(factories.PASSWORD)
