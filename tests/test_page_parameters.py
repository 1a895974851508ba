"""Parameters no public view reads neither render nor store another copy of a page."""

import gzip

import pytest

from tests import servers

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]

# The seeded test database, committed so that gunicorn sees it.
served_database = servers.served_database

ARTICLE = "/2025/04/kebijakan-pengelolaan-sektor-perhubungan-palopo/"


@pytest.mark.parametrize("path", ["/", "/2025/04/", ARTICLE, "/tag/", "/cari/?q=anggaran"])
def test_tracking_and_junk_parameters_get_the_one_stored_copy(client, seed_archive, path):
    clean = client.get(path)
    assert clean["X-Cache"] == "MISS"
    joiner = "&" if "?" in path else "?"

    for junk in ("utm_source=whatsapp&utm_medium=share", "fbclid=IwAR0abc", "x=1", "zz=%00"):
        response = client.get(f"{path}{joiner}{junk}")
        assert response["X-Cache"] == "HIT", junk
        assert response.content == clean.content


def test_a_search_page_with_junk_links_to_clean_addresses(client, seed_archive):
    response = client.get("/cari/?q=palopo&junk=1&utm_source=x")

    html = response.content.decode()
    assert response.status_code == 200
    assert "junk" not in html and "utm_source" not in html


def test_parameters_a_view_reads_still_make_their_own_page(client, seed_archive):
    assert client.get("/cari/?q=anggaran")["X-Cache"] == "MISS"
    assert client.get("/cari/?q=perhubungan")["X-Cache"] == "MISS"
    assert client.get("/?p=533").status_code == 301  # WordPress's post id is still read


def test_a_made_up_encoding_does_not_store_a_plain_page_for_gzip_clients(client, seed_archive):
    client.get("/", HTTP_ACCEPT_ENCODING="gzipx")

    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")

    assert response["X-Cache"] == "MISS"  # not the plain copy stored for "gzipx"
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)


def test_a_real_server_with_redis_stores_no_page_for_junk_parameters(served_database, tmp_path):
    """The attack as reported: 200 requests to /?junk=<random> made 414 Redis keys."""
    import secrets
    import urllib.request

    import redis

    from tests.servers import free_port, gunicorn, redis_server, site_env

    with redis_server(free_port()) as (redis_url, _process):
        env = site_env(served_database, REDIS_URL=redis_url)
        with gunicorn(env, tmp_path / "gunicorn.log") as url:
            with urllib.request.urlopen(url + "/", timeout=10) as response:
                assert response.status == 200
            keys = redis.Redis.from_url(redis_url).dbsize()
            for _ in range(100):
                junk = secrets.token_hex(6)
                for query in (f"junk={junk}", f"utm_source={junk}", f"fbclid={junk}"):
                    with urllib.request.urlopen(f"{url}/?{query}", timeout=10) as response:
                        assert response.status == 200
                        assert response.headers["X-Cache"] == "HIT"
            assert redis.Redis.from_url(redis_url).dbsize() == keys
