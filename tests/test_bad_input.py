"""Bad addresses get the site's own 404 page, never a server error."""

import pytest

pytestmark = pytest.mark.django_db

BAD_URLS = [
    "/2025/13/",
    "/2025/00/",
    "/2025/02/30/",
    "/2025/04/31/",
    "/0000/01/",
    "/9999/12/",
    "/9999/12/31/",
    "/2025/04/no-such-slug/",
    "/tag/no-such-tag/",
    "/2025/04/?page=abc",
    "/2025/04/?page=999",
    "/2025/04/?page=0",
    "/2025/04/?page=-1",
    "/2025/04/page/999/",
    "/2025/04/page/0/",
    "/?p=abc",
    "/?p=",
    "/?p=99999999999999999999999",
    "/?page=abc",
    "/2025/04/%00/",
    "/2025/04/penguatan%2F/",
    "/1989/",
    "/2024/",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_bad_input_is_a_404_in_the_site_look(client, seed_archive, url):
    response = client.get(url)

    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert 'href="/tag/"' in html  # the site's navigation, not a bare error page
