"""Overlong or malformed headers and bodies get a clean refusal, never a server error.

Sent over a raw socket to the real site (gunicorn + Django, production settings), the
way a broken client or a scanner sends them: gunicorn's limits and Django's request
checks must answer 4xx, and the server log must hold no traceback.
"""

import contextlib
import re
import socket

from tests import servers
from tests.servers import gunicorn, site_env

served_database = servers.served_database

CLEAN_REFUSALS = {400, 403, 404, 405, 413, 414, 431}
SEARCH = "/cari/?q=anggaran"
LOGIN = "/admin/login/"


def raw_request(url: str, data: bytes, timeout: float = 15.0) -> int:
    """Sends bytes as they are; returns the status code of the answer."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        # The server may refuse before reading everything: read its answer anyway.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data)
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    status_line = answer.split(b"\r\n", 1)[0].decode("latin-1")
    assert status_line.startswith("HTTP/1."), f"no HTTP answer: {answer[:200]!r}"
    return int(status_line.split()[1])


def request(method, path, headers=(), body=b"", *, host="127.0.0.1"):
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: close", *headers]
    if body and not any(h.lower().startswith("content-length") for h in headers):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape") + body


FORM = "Content-Type: application/x-www-form-urlencoded"
CASES = {
    "overlong header": request("GET", SEARCH, [f"X-Long: {'a' * 20000}"]),
    "too many headers": request("GET", SEARCH, [f"X-H{n}: {n}" for n in range(200)]),
    "overlong address": request("GET", "/cari/?q=" + "a" * 10000),
    "overlong cookie": request("GET", LOGIN, ["Cookie: sessionid=" + "x" * 9000]),
    "header without colon": request("GET", SEARCH, ["this is not a header"]),
    "control bytes in header": request("GET", SEARCH, ["X-Bad: a\x00b\x01c"]),
    "invalid utf-8 in address": request("GET", "/cari/?q=%ff%fe%00").replace(
        b"%ff%fe", b"\xff\xfe"
    ),
    "unknown host": request("GET", SEARCH, host="evil.example"),
    "negative content length": request("POST", LOGIN, [FORM, "Content-Length: -5"]),
    "content length larger than body": request("POST", LOGIN, [FORM, "Content-Length: 99"], b"a=1"),
    "non-numeric content length": request("POST", LOGIN, [FORM, "Content-Length: banyak"]),
    "body over the upload limit": request("POST", LOGIN, [FORM], b"a=" + b"x" * 3_000_000),
    "too many form fields": request("POST", LOGIN, [FORM], b"&".join([b"f=1"] * 2000)),
    "broken multipart": request(
        "POST",
        LOGIN,
        ["Content-Type: multipart/form-data; boundary=xyz"],
        b"--xyz\r\nContent-Disposition: form-data; name=\r\n\r\nno end",
    ),
    "multipart without boundary": request(
        "POST", LOGIN, ["Content-Type: multipart/form-data"], b"x"
    ),
    "login without csrf token": request("POST", LOGIN, [FORM], b"username=redaksi&password=salah"),
    "search with a huge query": request("GET", "/cari/?" + "&".join(["q=a"] * 3000)),
    "unknown method": request("BREW", SEARCH),
    "bad chunked body": request(
        "POST", LOGIN, [FORM, "Transfer-Encoding: chunked"], b"zz\r\nnonsense\r\n"
    ),
}


def test_malformed_requests_are_refused_cleanly(served_database, tmp_path):
    log = tmp_path / "gunicorn.log"
    answers = {}
    with gunicorn(site_env(served_database), log) as url:
        for name, data in CASES.items():
            answers[name] = raw_request(url, data)
        # The site still serves normally afterwards.
        assert raw_request(url, request("GET", "/2025/04/")) == 200

    unclean = {name: status for name, status in answers.items() if status not in CLEAN_REFUSALS}
    assert not unclean, f"not a clean refusal: {unclean}"
    # Django logs a refused Host header with its stack (logger django.security.
    # DisallowedHost) although it answers 400; any other traceback is a crash.
    text = log.read_text(errors="replace")
    tracebacks = re.findall(r"Traceback \(most recent call last\):.*?\n(?=\S)([^\n]*)", text, re.S)
    crashes = [t for t in tracebacks if not t.startswith("django.core.exceptions.DisallowedHost")]
    assert not crashes, text
