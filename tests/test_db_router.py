"""The optional read replica: citizens' page views read from it; staff and writes never do.

The replica here is a second connection alias to the same test database (a test
mirror, as ``DATABASE_REPLICA_URL`` configures it), so each query shows which
connection it went through. The tests commit (``transaction=True``) because a
second connection cannot see another connection's open transaction, exactly as
a real replica only ever sees committed data.
"""

import json
import os

import pytest
from django.contrib.auth import get_user_model
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from palopo_site.db_router import REPLICA
from tests.factories import ArticleFactory, wita
from tests.servers import settings_probe
from tests.staff import change_url

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(scope="module", autouse=True)
def replica_alias():
    """The ``replica`` alias, for this module only, pointing at the test database.

    Module scope: pytest-django checks a test's database aliases before any
    function fixture runs, so the alias must exist by then.
    """
    connections.settings[REPLICA] = {
        **connections["default"].settings_dict,
        "TEST": {**connections["default"].settings_dict["TEST"], "MIRROR": "default"},
    }
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture
def replica():
    return connections[REPLICA]


@pytest.fixture
def no_replica():
    """A single-database site: the alias is not configured."""
    settings = connections.settings.pop(REPLICA)
    yield
    connections.settings[REPLICA] = settings


@pytest.fixture
def article():
    return ArticleFactory(title="Ranperda Air Bersih", publish_at=wita(2025, 4, 10))


def queries_on_each(client_call):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as copy,
    ):
        response = client_call()
    return response, [query["sql"] for query in primary], len(copy)


def test_a_citizens_page_view_reads_only_from_the_replica(client, replica, article):
    response, on_primary, on_replica = queries_on_each(
        lambda: client.get(article.get_absolute_url())
    )

    assert response.status_code == 200
    assert "Ranperda Air Bersih" in response.content.decode()
    assert on_replica > 0
    # The site's generation (ETag, Last-Modified, the page cache's key) is read on
    # the replica too: a page rendered from a lagging replica is never stored under
    # the primary's newer generation.
    assert on_primary == []


def test_staff_who_logged_in_read_from_the_primary(client, replica, article, admin_user):
    """Staff see what they just saved, even on the public pages, whatever the lag."""
    client.force_login(admin_user)

    public, public_primary, public_replica = queries_on_each(
        lambda: client.get(article.get_absolute_url())
    )
    admin, admin_primary, admin_replica = queries_on_each(lambda: client.get(change_url(article)))

    assert public.status_code == 200 and admin.status_code == 200
    assert public_primary and admin_primary
    assert public_replica == 0 and admin_replica == 0


def test_a_form_post_reads_and_writes_on_the_primary(client, replica):
    get_user_model().objects.create_user("redaksi", password="kata-sandi-panjang-2025")

    response, on_primary, on_replica = queries_on_each(
        lambda: client.post(
            "/admin/login/?next=/admin/",
            {"username": "redaksi", "password": "kata-sandi-panjang-2025"},
        )
    )

    assert response.status_code == 200  # not staff: the login form again, with its message
    assert on_primary
    assert on_replica == 0


def test_work_outside_a_request_uses_the_primary(replica, article):
    """Imports, management commands and the admin's own saves never read stale rows."""
    assert router.db_for_read(Article) == "default"
    assert Article.objects.get(pk=article.pk)._state.db == "default"


def test_without_a_replica_the_site_reads_from_the_one_database(client, article, no_replica):
    with CaptureQueriesContext(connections["default"]) as primary:
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert len(primary) > 0


def test_the_replica_is_never_migrated():
    assert router.allow_migrate(REPLICA, "articles") is False
    assert router.allow_migrate("default", "articles") is True


def database_settings(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    environment.update(env)
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({alias: {'NAME': db['NAME'], 'HOST': db['HOST'], "
        "'CONN_MAX_AGE': db['CONN_MAX_AGE'], 'POOL': db.get('OPTIONS', {}).get('pool'), "
        "'MIRROR': db.get('TEST', {}).get('MIRROR')} "
        "for alias, db in settings.DATABASES.items()}))"
    )
    return json.loads(settings_probe(code, environment))


def test_database_replica_url_adds_a_replica_that_tests_mirror():
    databases = database_settings(
        DATABASE_URL="postgres://palopo:rahasia@db-utama:5432/palopo",
        DATABASE_REPLICA_URL="postgres://palopo:rahasia@db-replika:5432/palopo",
    )

    assert databases["default"]["HOST"] == "db-utama"
    assert databases["replica"]["HOST"] == "db-replika"
    assert databases["replica"]["MIRROR"] == "default"
    assert databases["replica"]["CONN_MAX_AGE"] == databases["default"]["CONN_MAX_AGE"] == 60


def test_database_pool_replaces_persistent_connections():
    databases = database_settings(
        DATABASE_URL="postgres://palopo:rahasia@db-utama:5432/palopo", DATABASE_POOL="1"
    )

    assert set(databases) == {"default"}
    assert databases["default"]["CONN_MAX_AGE"] == 0
    assert databases["default"]["POOL"] == {"min_size": 1, "max_size": 4}
