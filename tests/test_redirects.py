"""WordPress's ``/?p=ID`` links keep working."""

import pytest

from tests.factories import DraftFactory

pytestmark = pytest.mark.django_db


def test_post_533_answers_with_the_transport_policy_article(client, seed_archive):
    response = client.get("/?p=533")

    assert response.status_code == 301
    assert response["Location"] == "/2025/04/kebijakan-pengelolaan-sektor-perhubungan-palopo/"
    article = client.get(response["Location"])
    assert "Kebijakan Pengelolaan Sektor Perhubungan Palopo" in article.content.decode()


def test_unknown_or_unpublished_post_ids_are_not_found(client, seed_archive):
    DraftFactory(legacy_id=777)

    assert client.get("/?p=99999").status_code == 404
    assert client.get("/?p=777").status_code == 404
