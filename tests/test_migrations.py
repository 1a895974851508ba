"""Migrations run backwards as well as forwards, so a bad deploy can be rolled back.

On a scratch database (never the developer's): apply everything, unapply the project's
app to zero, apply again. ``makemigrations --check`` (missing migrations) runs in
scripts/test, next to the linters.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from tests.servers import load_seed, manage


@pytest.fixture
def scratch_env():
    base = os.environ.get("DATABASE_URL", "postgres://palopo:palopo@127.0.0.1:5432/palopo")
    name = urlsplit(base).path.lstrip("/") + "_migrations_test"
    server = urlunsplit(urlsplit(base)._replace(path="/postgres"))
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(drop)
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(DATABASE_URL=urlunsplit(urlsplit(base)._replace(path="/" + name)), DEBUG="1")
    try:
        yield env
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(drop)


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
