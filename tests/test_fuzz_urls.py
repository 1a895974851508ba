"""Thousands of generated addresses at every URL family: none may answer with a 5xx.

Hypothesis builds paths and query strings from hostile parts (dates out of range, huge
and negative numbers, unicode, percent-encoding, overlong values, NUL bytes, repeated
parameters) and sends them through Django's test client to the seeded archive.
``derandomize=True`` makes every run try the same examples, so CI is deterministic.
"""

from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.utils.encoding import iri_to_uri
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=250,
    derandomize=True,
    deadline=None,
    database=None,
    # The client and the seeded database are shared by the examples on purpose:
    # every request is a read.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

REAL_SLUGS = ["kebijakan-pengelolaan-sektor-perhubungan-palopo", "partisipasi-masyarakat"]

numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=0, max_value=9999).map(lambda n: f"{n:04d}"),
    st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}"),
    st.sampled_from(
        ["0", "00", "-1", "1e9", "0x10", "\uff11\uff12", "٣", "2025.0", " 1", "+1", "", "NaN"]
    ),
)
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.sampled_from(
        [
            "%00",
            "\x00",
            "%",
            "%zz",
            "%2F",
            "..%2F..%2Fetc%2Fpasswd",
            "<script>alert(1)</script>",
            "';--",
            "\u202e",
            "\ud7ff",
            "a" * 5000,
            "%C0%AF",
            "%FF%FE",
        ]
    ),
)
slugs = st.one_of(
    st.sampled_from(REAL_SLUGS), hostile_text, st.from_regex(r"[-a-z0-9_]{1,300}", fullmatch=True)
)


path_component = st.one_of(
    numbers, slugs, slugs.map(lambda value: quote(value.encode("utf-8", "surrogatepass"), safe=""))
)
query_values = st.one_of(numbers, hostile_text)
query_names = st.sampled_from(["page", "p", "q", "s", "cat", "m", "paged", "feed", "year", "tag"])


def query_string(pairs):
    return "&".join(
        f"{quote(name)}={quote(value.encode('utf-8', 'surrogatepass'), safe='%=&')}"
        for name, value in pairs
    )


queries = st.lists(st.tuples(query_names, query_values), max_size=6).map(query_string)

FAMILIES = {
    "year": "/{0}/",
    "year page": "/{0}/page/{1}/",
    "month": "/{0}/{1}/",
    "month page": "/{0}/{1}/page/{2}/",
    "day": "/{0}/{1}/{2}/",
    "day page": "/{0}/{1}/{2}/page/{3}/",
    "article": "/{0}/{1}/{2}/",
    "tag": "/tag/{0}/",
    "tag page": "/tag/{0}/page/{1}/",
    "home page": "/page/{0}/",
    "search": "/cari/{0}",
    "feed": "/feed/{0}",
    "admin": "/admin/{0}/{1}/",
    "anything": "/{0}",
}


def assert_not_a_server_error(client, url):
    # Sent as the request line would carry it: client.get() would read a path that
    # starts with "//" (an empty first part) as a host name, and fail before asking.
    if url.startswith("//"):
        path, _, query = url.partition("?")
        environ = {
            "PATH_INFO": client._get_path(SimpleNamespace(path=path)),
            "QUERY_STRING": iri_to_uri(query),
            "REQUEST_METHOD": "GET",
        }
        response = client.request(**environ)
    else:
        response = client.get(url)
    assert response.status_code < 500, f"{url!r} answered {response.status_code}"


@pytest.mark.parametrize("family", list(FAMILIES))
def test_generated_paths_never_answer_5xx(client, seed_archive, family):
    template = FAMILIES[family]
    arity = template.count("{")

    @FUZZ
    @given(parts=st.tuples(*[path_component] * arity), query=queries)
    def probe(parts, query):
        path = template.format(*parts)
        assert_not_a_server_error(client, f"{path}?{query}" if query else path)

    probe()


@FUZZ
@given(query=queries)
def test_generated_query_strings_on_the_home_page_never_answer_5xx(client, seed_archive, query):
    assert_not_a_server_error(client, "/?" + query)


@settings(FUZZ, max_examples=100)
@given(values=st.lists(query_values, min_size=2, max_size=20))
def test_repeated_page_and_post_parameters_never_answer_5xx(client, seed_archive, values):
    """WordPress links sometimes repeat parameters; the last one must not crash us."""
    for name in ("p", "page"):
        assert_not_a_server_error(client, "/2025/04/?" + query_string([(name, v) for v in values]))
        assert_not_a_server_error(client, "/?" + query_string([(name, v) for v in values]))
