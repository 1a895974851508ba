"""Migrations run backwards as well as forwards, so a bad deploy can be rolled back.

On a scratch database (never the developer's): apply everything, unapply the project's
app to zero, apply again. ``makemigrations --check`` (missing migrations) runs in
scripts/test, next to the linters.
"""

import os

import pytest

from tests.servers import load_seed, manage, scratch_database


@pytest.fixture
def scratch_env():
    with scratch_database("migrations_test") as url:
        env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
        env.update(DATABASE_URL=url, DEBUG="1")
        yield env


def test_article_migrations_are_reversible(scratch_env):
    manage(scratch_env, "migrate", "--noinput")
    # With data in the tables: a reverse migration must cope with real rows.
    load_seed(scratch_env)

    manage(scratch_env, "migrate", "articles", "zero", "--noinput")
    plan = manage(scratch_env, "showmigrations", "articles")
    assert "[X]" not in plan

    manage(scratch_env, "migrate", "--noinput")
    plan = manage(scratch_env, "showmigrations", "articles")
    assert "[ ]" not in plan
