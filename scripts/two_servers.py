"""Two app servers behind nginx, sharing one PostgreSQL and one Redis: does it hold?

    scripts/two_servers            # exits non-zero when a check fails

Starts two gunicorn instances (production settings, DEBUG=0, HTTPS=1) on their own
ports, and nginx from the distribution running deploy/nginx.conf itself (local
ports, paths and a throw-away self-signed certificate substituted), then shows with
real HTTP requests that:

1. a staff login made through instance A is a working session on instance B;
2. an article edited through instance A's admin shows on instance B at once;
3. instance B killed in the middle of a load test through nginx costs no failed
   requests beyond those B had in flight (nginx sends the rest to A).

It works in the database ``palopo_bench_two_servers`` (created and filled with
generated articles when empty; never the real one) and Redis database 14.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

from harness import (
    DEFAULT_DATABASE_URL,
    INSECURE,
    database_url,
    ensure_database,
    manage,
    parse_wrk,
    production_env,
    say,
    sql,
    start_gunicorn,
    start_nginx,
    stop,
    wait_for_answer,
)
from html_forms import form_fields

DATABASE = "palopo_bench_two_servers"
ARTICLES = 200
STAFF = "redaksi-uji-dua-server"


# --- HTTP with cookies, as a browser behind the proxy -----------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=INSECURE))


class Browser:
    """Keeps cookies itself: the session cookie is Secure, and the instances are
    reached directly over http with the header nginx adds (X-Forwarded-Proto)."""

    def __init__(self):
        self.cookies = {}

    def request(self, url, data=None, referer=None):
        headers = {"X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if referer:
            parts = urllib.parse.urlsplit(referer)
            headers["Referer"] = referer
            headers["Origin"] = f"https://{parts.netloc}"
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            response = OPENER.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, response.read().decode("utf-8", "replace")


# --- the three checks -------------------------------------------------------------------


def check_login_is_shared(a, b, password):
    browser = Browser()
    browser.request(f"{a}/admin/login/")
    status, headers, _ = browser.request(
        f"{a}/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": browser.cookies.get("csrftoken", ""),
            "username": STAFF,
            "password": password,
            "next": "/admin/",
        },
        referer=f"{a}/admin/login/".replace("http://", "https://"),
    )
    if status != 302 or "sessionid" not in browser.cookies:
        raise AssertionError(f"login through A failed (status {status})")
    status, headers, body = browser.request(f"{b}/admin/")
    if status != 200 or 'id="logout-form"' not in body:
        raise AssertionError(
            f"B did not accept A's session (status {status}, {headers.get('Location')})"
        )
    say("PASS 1: a staff session made through A works on B")
    return browser


def check_edit_is_visible(browser, a, b, article_id, article_path):
    change = f"{a}/admin/articles/article/{article_id}/change/"
    status, _, page = browser.request(change)
    if status != 200:
        raise AssertionError(f"A's change page answered {status}")
    fields = form_fields(page, "article_form")  # what a browser would submit
    if not fields or "title" not in dict(fields):
        raise AssertionError("A's change page has no article form with a title field")
    marker = f"Diperbarui {secrets.token_hex(3)}"
    data = [(name, f"{marker}: {value}" if name == "title" else value) for name, value in fields]
    # What staff choose for a title fix of a published article: a minor change.
    data += [("change_kind", "kecil"), ("_save", "Simpan")]
    status, _, body = browser.request(change, data, referer=change.replace("http://", "https://"))
    if status != 302:
        errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', body, re.S)
        raise AssertionError(f"saving through A answered {status}: {errors[:3]}")
    status, _, public = Browser().request(f"{b}{article_path}")
    if status != 200 or marker not in public:
        raise AssertionError(f"B does not show the edit made through A (status {status})")
    say(f"PASS 2: an edit saved through A («{marker}») is on B's next answer")


def check_one_instance_can_stop(proxy, article_path, victim, victim_workers, seconds=8):
    result = {}

    def load():
        output = subprocess.run(
            [
                *("wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "--timeout", "20s"),
                f"{proxy}{article_path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result.update(parse_wrk(output))

    runner = threading.Thread(target=load)
    runner.start()
    time.sleep(seconds / 3)
    # The hardest case: no graceful shutdown, the whole instance dies at once.
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    runner.join()
    status, _, _ = Browser().request(f"{proxy}{article_path}")
    allowed = victim_workers  # one request in flight per sync worker at most
    say(
        f"load through nginx while B was killed: {result['requests']} requests, "
        f"{result['errors']} failed ({result['non_2xx_3xx']} error answers, "
        f"{result['timeouts']} timeouts; allowed: {allowed} in flight), "
        f"{result['requests_per_second']:.0f} req/s; afterwards the site answers {status}"
    )
    if result["errors"] > allowed or status != 200:
        raise AssertionError("stopping one instance failed requests beyond those in flight")
    say("PASS 3: one instance stopped mid-load, the site kept answering")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8610, help="A; B is +1, nginx +10 and +11")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    options = parser.parse_args()
    if not shutil.which("wrk") or not shutil.which("nginx"):
        raise SystemExit("wrk and nginx are needed: apt-get install wrk nginx")

    started = time.monotonic()
    base_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    url = database_url(base_url, DATABASE)
    ensure_database(base_url, DATABASE)
    tmp = Path(tempfile.mkdtemp(prefix="palopo-two-servers-"))
    tmp.chmod(0o755)  # nginx workers (an unprivileged user under root) read the certificate
    port_a, port_b = options.port, options.port + 1
    http_port, https_port = options.port + 10, options.port + 11
    # One environment, so one SECRET_KEY: both instances sign sessions and CSRF tokens alike.
    env = production_env(
        url,
        tmp / "static",
        HTTPS="1",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{https_port}",
        REDIS_URL=options.redis_url,
        LOG_LEVEL="WARNING",
    )
    manage(env, "migrate", "--noinput", "-v0")
    if sql(url, "SELECT count(*) FROM articles_article")[0][0] == 0:
        manage(env, "generate_archive", str(ARTICLES), "--replace")
    manage(env, "collectstatic", "--noinput", "-v0")
    password = secrets.token_urlsafe(16)
    found = manage(
        env,
        "shell",
        "-v0",
        "-c",
        "import json; from django.contrib.auth import get_user_model; "
        "from articles.models import Article; User = get_user_model(); "
        f"user, _ = User.objects.get_or_create(username={STAFF!r}); "
        "user.is_staff = user.is_superuser = True; "
        f"user.set_password({password!r}); user.save(); "
        "article = Article.objects.published().order_by('-publish_at').first(); "
        "print(json.dumps([article.pk, article.get_absolute_url()]))",
        capture=True,
    ).stdout
    article_id, article_path = json.loads(found.strip().splitlines()[-1])

    a_process = b_process = nginx = None
    try:
        a_process = start_gunicorn(env, port_a, options.workers, error_log=tmp / "a.log")
        b_process = start_gunicorn(env, port_b, options.workers, error_log=tmp / "b.log")
        nginx = start_nginx(tmp / "nginx", [port_a, port_b], http_port, https_port)
        a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        proxy = f"https://127.0.0.1:{https_port}"
        wait_for_answer(f"{a}/healthz", a_process)
        wait_for_answer(f"{b}/healthz", b_process)
        wait_for_answer(f"{proxy}/healthz", nginx)
        say(f"A on {a}, B on {b}, nginx on {proxy}")

        browser = check_login_is_shared(a, b, password)
        check_edit_is_visible(browser, a, b, article_id, article_path)
        check_one_instance_can_stop(proxy, article_path, b_process, options.workers)
    except AssertionError as failure:
        say(f"FAIL: {failure}")
        return 1
    finally:
        stop(a_process)
        stop(b_process)
        stop(nginx, signal.SIGQUIT)
        shutil.rmtree(tmp, ignore_errors=True)
    say(f"All three checks passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
