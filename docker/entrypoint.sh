#!/bin/sh
# Runs the container's command. With MIGRATE_ON_START=1 it applies migrations first (handy for a
# single-container deploy); compose runs the one-off `migrate` service instead.
set -eu

if [ "${MIGRATE_ON_START:-0}" = "1" ]; then
  python manage.py migrate --noinput
fi

exec "$@"
