/**
 * Test support for celery-api integration tests: a real {@code redis-server} process on a free
 * port ({@link io.celeryapi.test.RedisServer}, {@link io.celeryapi.test.RedisServerExtension}),
 * optionally with TLS, a password or ACL users, a real Redis Sentinel ({@link
 * io.celeryapi.test.RedisSentinel}) and a real Python Celery peer ({@link
 * io.celeryapi.test.PythonCelery}).
 */
@org.jspecify.annotations.NullMarked
package io.celeryapi.test;
