"""gunicorn settings for the production image (`gunicorn --config docker/gunicorn.conf.py config.wsgi`)."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The reverse proxy in front terminates TLS and sets X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER) and
# X-Forwarded-For. Those headers are believed only from the council's proxies: the same TRUSTED_PROXIES
# list the application uses for client addresses (accounts.network); loopback when none is set.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES") or "127.0.0.1,::1"
worker_tmp_dir = "/dev/shm"
