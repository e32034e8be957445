"""A real redis-server for tests: a throwaway one that a test may stop, pause and restart, and a Celery app
that publishes to it instead of running tasks eagerly."""

import base64
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time

import kombu.pools
import pytest
import redis

from config import celery_app


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayRedis:
    """A redis-server on a free port in a temporary directory, that a test may stop, pause and restart."""

    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.paused = False

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2, socket_connect_timeout=2)

    def start(self):
        executable = shutil.which("redis-server")
        log = open(self.directory / "redis.log", "ab")  # noqa: SIM115 - the child keeps it
        self.process = subprocess.Popen(
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory), "--daemonize", "no"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + 10
        while True:
            try:
                with contextlib.closing(self.client()) as client:
                    client.ping()
                return
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    log_text = (self.directory / "redis.log").read_text(errors="replace")
                    raise RuntimeError(f"redis-server did not start on port {self.port}:\n{log_text}") from None
                time.sleep(0.05)

    def pause(self):
        """Freeze the server: connections are accepted by the kernel but never answered."""
        self.process.send_signal(signal.SIGSTOP)
        self.paused = True

    def resume(self):
        self.process.send_signal(signal.SIGCONT)
        self.paused = False

    def stop(self):
        if self.process is None:
            return
        if self.paused:
            self.resume()
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None


def require_redis_server():
    if shutil.which("redis-server") is None:
        if os.environ.get("XINKE_REQUIRE_REDIS") == "1":
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        pytest.skip("redis-server is not installed")


@pytest.fixture
def throwaway_redis(tmp_path):
    require_redis_server()
    server = ThrowawayRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def reset_broker_connections():
    """Forget pooled broker connections, so the next publish connects to the broker_url in force."""
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def celery_broker(url):
    """Publish to a real broker at url (not eagerly) inside the block; restore the test settings after."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    reset_broker_connections()
    conf.broker_url, conf.task_always_eager = url, False
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved
        reset_broker_connections()


def queued_tasks(server):
    """(task name, args) of each message waiting in the default "celery" queue."""
    with contextlib.closing(server.client()) as client:
        raw_messages = client.lrange("celery", 0, -1)
    tasks = []
    for raw in raw_messages:
        message = json.loads(raw)
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        tasks.append((message["headers"]["task"], args))
    return tasks
