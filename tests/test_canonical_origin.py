"""One origin (SITE_URL): no Host or X-Forwarded-Proto a visitor sends reaches a page,
so none can change what the page cache serves everyone else."""

import urllib.request

import pytest

from tests import servers
from tests.servers import free_port, gunicorn, redis_server, site_env

pytestmark = pytest.mark.django_db

# The seeded test database, committed so that gunicorn sees it.
served_database = servers.served_database

ARTICLE = "/2025/04/kebijakan-pengelolaan-sektor-perhubungan-palopo/"
PAGES = ["/", "/2025/04/", ARTICLE, "/tag/", "/feed/", "/feed/atom/", "/sitemap.xml", "/robots.txt"]


def test_another_allowed_host_answers_301_to_the_same_address_on_the_site(client, seed_archive):
    response = client.get(ARTICLE + "?utm_source=wa", HTTP_HOST="localhost")

    assert response.status_code == 301
    assert response["Location"] == f"http://testserver{ARTICLE}?utm_source=wa"


def test_the_health_probe_answers_on_any_allowed_host(client):
    assert client.get("/healthz", HTTP_HOST="localhost").status_code == 200


def test_a_host_that_is_not_allowed_is_refused(client):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


@pytest.mark.parametrize("path", PAGES)
def test_no_page_names_the_host_or_scheme_a_visitor_sent(client, seed_archive, path):
    poisoned = client.get(path, HTTP_HOST="testserver:6666", secure=True)
    assert poisoned.status_code == 200, path
    plain = client.get(path)

    for response in (poisoned, plain):
        body = response.content.decode()
        assert "6666" not in body
        assert "https://testserver" not in body
    if path in ("/", ARTICLE, "/sitemap.xml", "/robots.txt", "/feed/"):
        assert "http://testserver/" in plain.content.decode()
    assert plain.get("X-Cache") == "HIT"  # the page stored after the poisoned request


def test_a_real_server_with_redis_is_not_poisoned_through_host_or_forwarded_proto(
    served_database, tmp_path
):
    """The attack as reported: gunicorn trusts X-Forwarded-Proto from loopback."""
    with redis_server(free_port()) as (redis_url, _process):
        env = site_env(served_database, REDIS_URL=redis_url)
        with gunicorn(env, tmp_path / "gunicorn.log") as url:
            for path in ["/?x=1", ARTICLE, "/sitemap-artikel.xml", "/feed/"]:
                attack = urllib.request.Request(
                    url + path,
                    headers={"Host": "127.0.0.1:6666", "X-Forwarded-Proto": "https"},
                )
                with urllib.request.urlopen(attack, timeout=10) as response:
                    assert response.status == 200
                with urllib.request.urlopen(url + path, timeout=10) as response:
                    body = response.read().decode()
                    assert response.headers["X-Cache"] == "HIT", path
                assert "6666" not in body, path
                assert "https://127.0.0.1" not in body, path
                assert url in body, path  # the server's own origin, its SITE_URL
