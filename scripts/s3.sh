#!/usr/bin/env bash
# A local S3-compatible object store for the tests, the stack test and trying out object storage,
# without Docker: S3Proxy (Apache-2.0) with its file-system backend.
#
#   scripts/s3.sh start    fetch (once, cached in .cache/s3proxy), start on loopback, wait until it answers
#   scripts/s3.sh stop     stop the server started from this checkout on this port
#   scripts/s3.sh status   exit 1 if the server is down
#   scripts/s3.sh url      print the endpoint (for S3_TEST_URL / AWS_S3_ENDPOINT_URL)
#   scripts/s3.sh env      print the AWS_* variables that point the site at it
#
# S3Proxy's "jar-with-dependencies" comes from Maven Central with Maven (already needed for the
# Elasticsearch node) and runs on the same Java 17. Objects live under .cache/s3proxy/data-$S3_PORT,
# one folder per bucket. Access key and secret are fixed, throwaway values: the server listens on
# 127.0.0.1 only. MinIO is not used: it is AGPL.
set -euo pipefail
cd "$(dirname "$0")/.."

S3PROXY_VERSION=${S3PROXY_VERSION:-2.7.0}
S3_PORT=${S3_PORT:-9360}
S3_ACCESS_KEY=${S3_ACCESS_KEY:-localoffer}
S3_SECRET_KEY=${S3_SECRET_KEY:-localoffer-secret}
CACHE_DIR=${S3_CACHE_DIR:-$PWD/.cache/s3proxy}
JAR=$CACHE_DIR/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar
DATA_DIR=$CACHE_DIR/data-$S3_PORT
RUN_DIR=$CACHE_DIR/run-$S3_PORT
PID_FILE=$RUN_DIR/s3proxy.pid
URL="http://127.0.0.1:$S3_PORT"

up() {
  # An anonymous request gets 403 AccessDenied from a running server; anything else means down.
  local code
  code=$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$URL/" 2>/dev/null || true)
  [ "$code" = "403" ] || [ "$code" = "200" ]
}

fetch() {
  mkdir -p "$CACHE_DIR"
  if [ ! -f "$JAR" ]; then
    echo "Fetching S3Proxy $S3PROXY_VERSION from Maven Central..." >&2
    mvn -q dependency:copy \
      -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
      -DoutputDirectory="$CACHE_DIR" >&2
  fi
}

start() {
  if up; then
    echo "S3 server already running on $URL" >&2
    return 0
  fi
  fetch
  mkdir -p "$DATA_DIR" "$RUN_DIR"
  cat >"$RUN_DIR/s3proxy.conf" <<EOF
s3proxy.endpoint=$URL
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$DATA_DIR
EOF
  nohup java -Xmx256m -jar "$JAR" --properties "$RUN_DIR/s3proxy.conf" >"$RUN_DIR/s3proxy.log" 2>&1 &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 60); do
    if up; then
      echo "S3Proxy $S3PROXY_VERSION up on $URL" >&2
      return 0
    fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      break
    fi
    sleep 1
  done
  echo "S3Proxy did not start on $URL; see $RUN_DIR/s3proxy.log" >&2
  tail -n 20 "$RUN_DIR/s3proxy.log" >&2 || true
  exit 1
}

stop() {
  if [ -f "$PID_FILE" ]; then
    local pid
    pid=$(cat "$PID_FILE")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    rm -f "$PID_FILE"
    echo "S3 server on $URL stopped" >&2
  else
    echo "No S3 server started from this checkout on $URL" >&2
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if up; then echo "S3 server up on $URL"; else echo "S3 server is not running on $URL" >&2; exit 1; fi
    ;;
  url) echo "$URL" ;;
  env)
    echo "AWS_S3_ENDPOINT_URL=$URL"
    echo "AWS_ACCESS_KEY_ID=$S3_ACCESS_KEY"
    echo "AWS_SECRET_ACCESS_KEY=$S3_SECRET_KEY"
    ;;
  *)
    echo "usage: $0 start|stop|status|url|env" >&2
    exit 2
    ;;
esac
