"""What a tag used only by unpublished articles must not give away."""

import pytest

from tests.factories import ArticleFactory, DraftFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("address", ["/tag/{}/", "/tag/{}/feed/", "/category/{}/"])
def test_a_tag_only_unpublished_articles_use_is_not_there(client, address):
    DraftFactory(title="Rencana Rahasia", tags=["Anggaran Rahasia"])

    response = client.get(address.format("anggaran-rahasia"))

    assert response.status_code == 404
    assert "Anggaran Rahasia" not in response.content.decode()


def test_the_same_addresses_answer_once_an_article_is_public(client):
    ArticleFactory(title="Rencana Terbuka", tags=["Anggaran Terbuka"])

    assert client.get("/tag/anggaran-terbuka/feed/").status_code == 200
    assert client.get("/category/anggaran-terbuka/").status_code == 301
