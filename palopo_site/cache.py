"""Redis cache that treats an unreachable Redis as a cache miss, with a warning in the log.

Django's built-in ``RedisCache`` raises ``redis.ConnectionError`` from every call when
Redis is down, so a cache outage would turn every cached page into a 500. The site must
keep serving from PostgreSQL instead. django-redis offers ``IGNORE_EXCEPTIONS``, but it
would replace Django's backend for this one behaviour and logs each ignored error at
ERROR level with a traceback - thousands per minute under load. This subclass keeps
Django's backend, fails fast (short socket timeouts) and logs one warning per interval.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)
# At most one warning per process in this many seconds while Redis stays down.
WARNING_INTERVAL = 30.0
# A cache that answers slower than this is worse than no cache.
DEFAULT_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class ReusedClient(RedisCacheClient):
    """Django's client, keeping its ``redis.Redis`` objects instead of making one per call.

    Each new ``redis.Redis`` builds its table of ~170 response callbacks: about a
    tenth of a millisecond, on every cache read, which is a tenth of the CPU a page
    served from the cache costs. The objects are safe to share (the connections
    stay in the pool, as before).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_TIMEOUTS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = ReusedClient
        self._last_warning = float("-inf")

    def _redis_down(self, operation, error):
        now = time.monotonic()
        if now - self._last_warning >= WARNING_INTERVAL:
            self._last_warning = now
            logger.warning(
                "Redis cache unavailable (%s: %s); serving from the database without cache",
                operation,
                error,
            )

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except REDIS_DOWN as error:
            self._redis_down("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except REDIS_DOWN as error:
            self._redis_down("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except REDIS_DOWN as error:
            self._redis_down("has_key", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except REDIS_DOWN as error:
            self._redis_down("set", error)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except REDIS_DOWN as error:
            self._redis_down("add", error)
            return False

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except REDIS_DOWN as error:
            self._redis_down("set_many", error)
            return list(data)  # the keys that were not stored

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except REDIS_DOWN as error:
            self._redis_down("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except REDIS_DOWN as error:
            self._redis_down("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except REDIS_DOWN as error:
            self._redis_down("delete_many", error)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except REDIS_DOWN as error:
            self._redis_down("incr", error)
            # What the cache API answers for a key it does not have.
            raise ValueError(f"Key '{key}' not found (Redis unavailable)") from error

    def clear(self):
        try:
            return super().clear()
        except REDIS_DOWN as error:
            self._redis_down("clear", error)
            return False
