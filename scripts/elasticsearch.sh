#!/usr/bin/env bash
# A local single-node Elasticsearch for the tests and `make demo-es`, without Docker.
#
#   scripts/elasticsearch.sh start    fetch (once, cached in .cache/elasticsearch), start, wait for yellow
#   scripts/elasticsearch.sh stop     stop the node started from this checkout
#   scripts/elasticsearch.sh status   print the cluster health, exit 1 if the node is down
#   scripts/elasticsearch.sh url      print the node's URL (for ELASTICSEARCH_TEST_URL)
#
# The node is Elasticsearch's `integ-test-zip` distribution from Maven Central: only x-pack-core and
# x-pack-security (switched off here; with them off nothing auto-configures TLS), no GET /,
# and no analysis-common module (no synonym/stemmer filters). The index therefore uses core analyzers and
# search/ expands synonyms at query time (see docs/search.md). Settings: 127.0.0.1 only, single-node,
# security off, 512 MB heap, run as a non-root user because Elasticsearch refuses to run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

ES_VERSION=${ES_VERSION:-8.19.21}
ES_PORT=${ES_PORT:-9250}
ES_USER=${ES_USER:-localoffer-es}
CACHE_DIR=${ES_CACHE_DIR:-$PWD/.cache/elasticsearch}
HOME_DIR=$CACHE_DIR/elasticsearch-$ES_VERSION
DATA_DIR=$CACHE_DIR/data-$ES_PORT
LOG_DIR=$CACHE_DIR/logs-$ES_PORT
PID_FILE=$LOG_DIR/elasticsearch.pid  # in a folder the ES user owns
URL="http://127.0.0.1:$ES_PORT"

health() {
  curl -s -m 5 "$URL/_cluster/health?wait_for_status=yellow&timeout=${1:-1s}" 2>/dev/null
}

fetch() {
  mkdir -p "$CACHE_DIR"
  local zip=$CACHE_DIR/elasticsearch-$ES_VERSION.zip
  if [ ! -f "$zip" ]; then
    echo "Fetching Elasticsearch $ES_VERSION integ-test-zip from Maven Central..." >&2
    mvn -q dependency:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$CACHE_DIR" >&2
  fi
  if [ ! -x "$HOME_DIR/bin/elasticsearch" ]; then
    rm -rf "$HOME_DIR"
    (cd "$CACHE_DIR" && unzip -q -o "$zip")
  fi
}

java_home() {
  if [ -n "${ES_JAVA_HOME:-}" ]; then
    echo "$ES_JAVA_HOME"
  else
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  fi
}

start() {
  if health >/dev/null && [ -n "$(health)" ]; then
    echo "Elasticsearch already running on $URL" >&2
    return 0
  fi
  fetch
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  local run_as=()
  if [ "$(id -u)" = "0" ]; then
    id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER" "$HOME_DIR" "$DATA_DIR" "$LOG_DIR"
    run_as=(runuser -u "$ES_USER" --)
  fi
  local started=$(date +%s.%N)
  "${run_as[@]}" env ES_JAVA_HOME="$(java_home)" ES_JAVA_OPTS="-Xms512m -Xmx512m ${ES_EXTRA_JAVA_OPTS:-}" \
    "$HOME_DIR/bin/elasticsearch" -d -p "$PID_FILE" \
    -E discovery.type=single-node \
    -E xpack.security.enabled=false \
    -E xpack.security.enrollment.enabled=false \
    -E xpack.security.http.ssl.enabled=false \
    -E xpack.security.transport.ssl.enabled=false \
    -E xpack.ml.enabled=false \
    -E network.host=127.0.0.1 \
    -E http.port="$ES_PORT" \
    -E transport.port=$((ES_PORT + 100)) \
    -E path.data="$DATA_DIR" \
    -E path.logs="$LOG_DIR" \
    -E cluster.name="localoffer-test-$ES_PORT" \
    -E cluster.routing.allocation.disk.threshold_enabled=false \
    -E action.destructive_requires_name=false >&2 || {
    # With -d the launcher waits for start-up and fails if the node dies while booting.
    echo "Elasticsearch failed to start on $URL; see $LOG_DIR" >&2
    exit 1
  }
  for _ in $(seq 1 120); do
    if [ -n "$(health 1s)" ]; then
      break
    fi
    sleep 1
  done
  if [ -z "$(health 30s)" ]; then
    echo "Elasticsearch did not start on $URL; see $LOG_DIR" >&2
    tail -n 30 "$LOG_DIR"/*.log >&2 2>/dev/null || true
    exit 1
  fi
  printf 'Elasticsearch %s up on %s in %.1f s\n' "$ES_VERSION" "$URL" "$(echo "$(date +%s.%N) - $started" | bc)" >&2
}

stop() {
  if [ -f "$PID_FILE" ]; then
    local pid
    pid=$(cat "$PID_FILE")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    rm -f "$PID_FILE"
    echo "Elasticsearch on $URL stopped" >&2
  else
    echo "No Elasticsearch started from this checkout on $URL" >&2
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    out=$(health) || true
    if [ -n "$out" ]; then echo "$out"; else echo "Elasticsearch is not running on $URL" >&2; exit 1; fi
    ;;
  url) echo "$URL" ;;
  *)
    echo "usage: $0 start|stop|status|url" >&2
    exit 2
    ;;
esac
