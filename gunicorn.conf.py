"""gunicorn's settings for the web service (read from the working directory: the image's /app, a checkout's root).

Threaded workers, one process per core with 4 threads each. Measured on 2 cores with PostgreSQL (README,
"Benchmark figures": bench/load_bench.py, 20 signed-in users without think time, runs interleaved): 2 gthread
workers × 4 threads served as many responses a second as 3 × 4 threads or 3 sync workers and kept every page's p95
lowest against the bare table's (home page 1.33–1.42×); 5 sync workers were slowest (16.5–18.6 responses/s, home
page 2.3–3.5×): more processes than cores only take turns on the CPU, while a thread waiting for the database lets
another one run. Override with WEB_CONCURRENCY (processes) and GUNICORN_THREADS, or any flag in GUNICORN_CMD_ARGS.
"""

import os

worker_class = "gthread"
# the cores this process may run on (a container's cpuset), at least 2
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, len(os.sched_getaffinity(0))))
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
