"""How pg_dump and pg_restore reach the site's database (the settings' DATABASE_URL)."""

import os
import subprocess

from django.core.management.base import CommandError
from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient


def client_args_and_env(alias="default"):
    """(["-h", host, "-p", port, "-U", user, "-d", name], the environment for the client).

    The environment is Django's own for ``dbshell``: the password (never on the command
    line, where other users can read it) and the SSL, service and passfile options.
    The name goes with ``-d``: pg_restore's positional argument is the backup file.
    """
    settings = connections[alias].settings_dict
    args = []
    if settings.get("HOST"):
        args += ["-h", settings["HOST"]]
    if settings.get("PORT"):
        args += ["-p", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["-U", settings["USER"]]
    args += ["-d", settings["NAME"]]
    _, client_env = DatabaseClient.settings_to_cmd_args_env(settings, [])
    return args, {**os.environ, **(client_env or {})}


def run(program: str, args: list[str], failed: str):
    """Runs pg_dump or pg_restore against the site's database; CommandError on failure."""
    connection_args, env = client_args_and_env()
    try:
        done = subprocess.run(
            [program, *connection_args, *args], env=env, capture_output=True, text=True
        )
    except FileNotFoundError as error:
        raise CommandError(f"{program} tidak ditemukan; pasang paket postgresql-client.") from error
    if done.returncode != 0:
        raise CommandError(f"{failed}: {done.stderr.strip()}")
