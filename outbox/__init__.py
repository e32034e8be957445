"""A transactional outbox: background work is recorded in the database and published to Celery after commit.

When Redis is unreachable the web request still answers; the work waits here until the broker is back.
"""
