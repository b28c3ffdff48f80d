"""Counting requests in a fixed time window, shared by every process through the cache: the
API's rate limit and the kiosks' per-minute limits.

With Redis the count takes one round trip: the window's key is created with its expiry if it
is missing, and incremented, in one pipeline. Django's cache API takes three (`add`, then
`incr`, which asks whether the key exists before incrementing it); the API counts every call,
so those were three round trips a request. With another cache (one process's memory, in
`make run` and the tests) the cache API is used."""

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache


def count_in_window(key: str, *, seconds: int) -> int:
    """This request's number in the window named by `key`, which is forgotten `seconds` after
    its first request."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return _count_in_redis(cache, key, seconds)
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this request starts a new count
        cache.add(key, 1, timeout=seconds)
        return 1


def _count_in_redis(cache: RedisCache, key: str, seconds: int) -> int:
    full_key = cache.make_and_validate_key(key)
    # The cache's own client and connection pool (the backend's documented structure: one
    # client per server, chosen by key).
    client = cache._cache.get_client(full_key, write=True)  # type: ignore[attr-defined]
    pipeline = client.pipeline(transaction=False)
    pipeline.set(full_key, 0, ex=seconds, nx=True)
    pipeline.incr(full_key)
    _created, count = pipeline.execute()
    return count
