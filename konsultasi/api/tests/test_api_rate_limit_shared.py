"""The rate limit across processes: with several web workers the counts live in one Redis
(KONSULTASI_CACHE_URL), so a key gets its limit once, not once per worker. Two cache clients
stand for two workers; they talk to the machine's Redis (started by .ci/run under CI)."""

import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

from konsultasi import window_counts
from konsultasi.api import auth
from konsultasi.api.errors import RateLimited
from konsultasi.settings import cache_from_environment

REDIS_URL = os.environ.get("KONSULTASI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def two_workers_caches():
    prefix = f"test-{uuid.uuid4().hex}"
    workers = [RedisCache(REDIS_URL, {"KEY_PREFIX": prefix}) for _ in range(2)]
    try:
        workers[0].set("reachable", 1, timeout=5)
    except Exception as error:  # redis-py's ConnectionError and friends
        reason = f"Redis is not reachable at {REDIS_URL}: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return workers  # their keys expire with the window; no FLUSHDB under other tests' feet


def test_two_workers_share_one_count_per_key(two_workers_caches, monkeypatch, settings):
    settings.API_RATE_LIMIT = 3
    first, second = two_workers_caches
    now = 1_800_000_000.0
    for worker in (first, second, first):
        monkeypatch.setattr(window_counts, "caches", {"default": worker})
        auth.count_request("key:1", now=now)
    monkeypatch.setattr(window_counts, "caches", {"default": second})
    with pytest.raises(RateLimited):
        auth.count_request("key:1", now=now)


def test_the_shared_count_starts_again_in_the_next_window(
    two_workers_caches, monkeypatch, settings
):
    settings.API_RATE_LIMIT = 1
    settings.API_RATE_WINDOW = 60
    first, second = two_workers_caches
    monkeypatch.setattr(window_counts, "caches", {"default": first})
    auth.count_request("key:2", now=1_800_000_000.0)
    monkeypatch.setattr(window_counts, "caches", {"default": second})
    auth.count_request("key:2", now=1_800_000_060.0)


def test_with_redis_a_count_is_one_round_trip_and_the_window_expires(
    two_workers_caches, monkeypatch
):
    worker = two_workers_caches[0]
    monkeypatch.setattr(window_counts, "caches", {"default": worker})
    client = worker._cache.get_client(None, write=True)
    sent = []
    real_execute = type(client.pipeline()).execute

    def counted(pipeline, *args, **kwargs):
        sent.append(len(pipeline.command_stack))
        return real_execute(pipeline, *args, **kwargs)

    monkeypatch.setattr(type(client.pipeline()), "execute", counted)
    assert [window_counts.count_in_window("kiosk:1", seconds=30) for _ in range(3)] == [1, 2, 3]
    assert sent == [2, 2, 2]  # one pipeline of two commands per count
    assert 0 < client.ttl(worker.make_and_validate_key("kiosk:1")) <= 30
    assert worker.get("kiosk:1") == 3  # the cache API reads the same count


def test_without_a_cache_url_the_process_keeps_its_own_counts(monkeypatch):
    monkeypatch.delenv("KONSULTASI_CACHE_URL", raising=False)
    assert cache_from_environment()["BACKEND"].endswith("LocMemCache")


def test_a_redis_cache_url_makes_every_worker_share_redis(monkeypatch):
    monkeypatch.setenv("KONSULTASI_CACHE_URL", "redis://cache.internal:6379/2")
    chosen = cache_from_environment()
    assert chosen["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert chosen["LOCATION"] == "redis://cache.internal:6379/2"


def test_a_cache_url_that_is_not_redis_is_refused_at_start(monkeypatch):
    monkeypatch.setenv("KONSULTASI_CACHE_URL", "memcached://127.0.0.1:11211")
    with pytest.raises(ImproperlyConfigured, match="Redis"):
        cache_from_environment()


def test_in_one_processs_memory_counts_go_up_per_window(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    counts = [window_counts.count_in_window("kiosk:2", seconds=30) for _ in range(3)]
    assert counts == [1, 2, 3]
    assert window_counts.count_in_window("kiosk:3", seconds=30) == 1
