"""Changing a published article's slug or month in the admin keeps the old address (301)."""

import pytest
from django.test import Client

from tests.factories import ArticleFactory, wita
from tests.staff import article_form, change_url, logged_in, save, staff_user

pytestmark = pytest.mark.django_db


def test_slug_and_month_change_keep_the_old_address_answering_301():
    editor = logged_in(Client, staff_user("editor", "Editor"))
    article = ArticleFactory(slug="perda-pasar-lama", publish_at=wita(2025, 4, 10))
    data = article_form(editor, change_url(article))
    data.update(
        {
            "slug": "perda-pasar-rakyat",
            "publish_at_0": "02-05-2025",
            "publish_at_1": "10.00",
            "change_kind": "kecil",
        }
    )

    assert editor.post(change_url(article), save(data)).status_code == 302

    citizen = Client()
    old = citizen.get("/2025/04/perda-pasar-lama/")
    assert old.status_code == 301
    assert old["Location"] == "/2025/05/perda-pasar-rakyat/"
    assert citizen.get("/2025/05/perda-pasar-rakyat/").status_code == 200
    # The old month with the new slug moves too.
    assert citizen.get("/2025/04/perda-pasar-rakyat/")["Location"] == "/2025/05/perda-pasar-rakyat/"
