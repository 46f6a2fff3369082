"""gunicorn's configuration for travelmgmt: `gunicorn -c deploy/gunicorn.conf.py travelmgmt.wsgi`.

Every value can be changed from the environment (GUNICORN_*), so the systemd unit, the
container and CI use this one file. https://docs.gunicorn.org/en/stable/settings.html
"""

import multiprocessing
import os
import shutil


def _int(name, default):
    return int(os.environ.get(name, default))


# Behind nginx on the same host (systemd) or the proxy container (Compose).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")

# Sync workers: the app is CPU- and database-bound, with short requests. Default 2 per core + 1.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "sync"

# A request that takes longer than this is killed (its worker restarted): an Excel export of
# a year is the slowest page. nginx's proxy_read_timeout is set a little above it.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# nginx keeps upstream connections alive for a few seconds.
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle workers now and then (with jitter, so they do not all restart together).
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Only the proxy's address may set X-Forwarded-Proto (HTTPS) and X-Forwarded-For; anything
# else that sends them is not trusted. Compose sets it to the proxy network.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log to stdout (journald or the container log); the client is the proxy's
# X-Forwarded-For, then the request, status, size and time in microseconds.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%({x-forwarded-for}i)s %(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'
)
# A calendar feed's address is its key: the access log cuts it out (travelmgmt/redaction.py).
logger_class = "travelmgmt.redaction_gunicorn.RedactingLogger"

# gunicorn's control socket (gunicornc) defaults to $HOME/.gunicorn/, which the hardened unit
# cannot write (ProtectHome): an ERROR line at every start. Off unless a path is given (the
# systemd unit puts it in its runtime folder).
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket


def _fresh_metrics_dir():
    """Prometheus multiprocess mode (PROMETHEUS_MULTIPROC_DIR: the workers' metrics summed at
    each scrape): the folder must exist before the app loads and hold nothing of a previous
    run (dead workers' counters). Emptied once per master: this file is read again on HUP,
    while the live workers keep writing there."""
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not path or os.environ.get("TRAVELMGMT_METRICS_DIR_FRESH") == path:
        return
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path, mode=0o700)
    os.environ["TRAVELMGMT_METRICS_DIR_FRESH"] = path


_fresh_metrics_dir()

# Load the app in the master before forking: errors (a missing SECRET_KEY) stop the start,
# and the workers share the imported code.
preload_app = True
# /dev/shm for the workers' heartbeat files (a container's /tmp may be a slow disk).
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", "/dev/shm")


def pre_fork(server, worker):
    # A database connection opened while the app loaded in the master must not be shared
    # by the forked workers.
    from django.db import connections

    connections.close_all()


def child_exit(server, worker):
    # Prometheus metrics in multiprocess mode (PROMETHEUS_MULTIPROC_DIR, see "Operations" in
    # the README): the live gauges of a worker that ended are dropped.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
