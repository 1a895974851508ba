"""How pg_dump and pg_restore reach the site's database (the settings' DATABASE_URL)."""

import os

from django.db import connections


def client_args_and_env(alias="default"):
    """(["-h", host, "-p", port, "-U", user, "-d", name], env with PGPASSWORD)."""
    settings = connections[alias].settings_dict
    args = []
    if settings.get("HOST"):
        args += ["-h", settings["HOST"]]
    if settings.get("PORT"):
        args += ["-p", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["-U", settings["USER"]]
    args += ["-d", settings["NAME"]]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        # The environment, not the command line: other users can read a process's arguments.
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env
