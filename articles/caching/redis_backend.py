"""Django's Redis cache backend, without a new redis.Redis object for every operation.

Django's RedisCacheClient.get_client() builds a redis.Redis per call, and
since redis-py 5 that costs more than the GET itself on a local Redis (its
response callbacks are set up anew each time). A Redis object over a
connection pool is safe to share between threads: keep one per pool.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def publish(self, channel, message):
        """Publish `message` on the Redis channel `channel`, through this cache's client."""
        return self._cache.get_client(write=True).publish(channel, message)
