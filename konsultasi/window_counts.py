"""Counting requests in a fixed time window, shared by every process through the cache: the
API's rate limit and the kiosks' per-minute limits.

With Redis the count takes one round trip: the window's key is created with its expiry if it
is missing, and incremented, in one pipeline. Django's cache API takes three (`add`, then
`incr`, which asks whether the key exists before incrementing it); the API counts every call,
so those were three round trips a request. With another cache (one process's memory, in
`make run` and the tests) the cache API is used."""

from weakref import WeakKeyDictionary

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
    pipeline = _writer(cache).pipeline(transaction=False)
    pipeline.set(full_key, 0, ex=seconds, nx=True)
    pipeline.incr(full_key)
    _created, count = pipeline.execute()
    return count


# The writing client of each cache backend. Django's Redis backend builds a new client for
# every command, and a client builds its table of reply parsers anew: 544 of the 6,767
# Python function calls of an API question went into that. The writing client is the same
# for the backend's whole life (one connection pool, the first server's; the key chooses
# nothing), so it is kept with it.
_writers: WeakKeyDictionary = WeakKeyDictionary()


def _writer(cache: RedisCache):
    backend = cache._cache  # type: ignore[attr-defined]  # one client per server
    client = _writers.get(backend)
    if client is None:
        client = _writers[backend] = backend.get_client(write=True)
    return client
