#!/usr/bin/env bash
# `cargo make cluster`: Linli as a district or a city runs it, on this machine's loopback:
# PostgreSQL, an S3-compatible object store (s3s-fs, from crates.io), three Linli servers and
# haproxy (Debian) in front, checking each server's /healthz. Ctrl-C stops them all.
#
#   LINLI_CLUSTER_SERVERS (3)  LINLI_CLUSTER_PORT (3400, the balancer; servers on the next ports)
#   LINLI_CLUSTER_DB (linli_cluster)  LINLI_CLUSTER_DIR (target/cluster)  LINLI_CLUSTER_FRESH=1 (start empty)
#
# Other scripts source this file with LINLI_CLUSTER_LIBRARY=1 to start and stop the parts
# themselves (scripts/load.sh does, to kill servers and stop PostgreSQL under load).
set -euo pipefail
cd "$(dirname "$0")/.."

servers=${LINLI_CLUSTER_SERVERS:-3}
lb_port=${LINLI_CLUSTER_PORT:-3400}
s3_port=$((lb_port + 90))
db_name=${LINLI_CLUSTER_DB:-linli_cluster}
dir=$(realpath -m "${LINLI_CLUSTER_DIR:-target/cluster}")
pg_admin=${LINLI_CLUSTER_PG_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}
database_url="${pg_admin%/*}/$db_name"
bucket=linli-materials
linli=${LINLI_BIN:-target/release/linli}
say() { printf '\033[1m[cluster]\033[0m %s\n' "$*"; }
# Every process started is named by a pid file in $dir/run (so a fault injector in a subshell
# can restart one and stop_all still finds it).
remember() { mkdir -p "$dir/run"; echo "$2" >"$dir/run/$1.pid"; }
pid_of() { cat "$dir/run/$1.pid" 2>/dev/null; }

cluster_tools() {
  command -v haproxy >/dev/null || { say "installing haproxy from Debian"; apt-get install -y -qq haproxy >/dev/null; }
  command -v s3s-fs >/dev/null || { say "installing s3s-fs from crates.io (about 4 minutes, once)"; cargo install s3s-fs --version 0.14.1 --features binary --locked; }
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
}

# The environment every Linli server (and the one-off commands) of the cluster shares.
cluster_env() {
  export DATABASE_URL=$database_url LINLI_DATA_DIR=$dir/data LINLI_SECURE_COOKIES=0
  export LINLI_S3_ENDPOINT=http://127.0.0.1:$s3_port LINLI_S3_BUCKET=$bucket
  export LINLI_S3_ACCESS_KEY_ID=linli LINLI_S3_SECRET_ACCESS_KEY=linli-cluster-secret
  export LINLI_TRUSTED_PROXIES=127.0.0.1 LINLI_LOG=${LINLI_LOG:-warn}
}

start_object_store() {
  mkdir -p "$dir/s3/$bucket" "$dir/logs"
  s3s-fs --host 127.0.0.1 --port "$s3_port" --access-key linli --secret-key linli-cluster-secret "$dir/s3" \
    >>"$dir/logs/s3.log" 2>&1 &
  remember s3 $!
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$s3_port/" && return; sleep 0.1; done
  say "the object store did not start (see $dir/logs/s3.log)"; return 1
}

prepare_database() {
  if [ "${LINLI_CLUSTER_FRESH:-0}" = 1 ]; then
    psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" >/dev/null 2>&1
    rm -rf "$dir/data" "$dir/s3/$bucket" && mkdir -p "$dir/s3/$bucket"
  fi
  psql "$pg_admin" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1 \
    || psql "$pg_admin" -qc "CREATE DATABASE $db_name" >/dev/null
  # One process migrates, makes the keys every server shares, and loads the demo.
  "$linli" seed-demo >/dev/null
}

# start_server N: the Nth server (1-based) on port lb_port+N.
start_server() {
  local n=$1
  LEPTOS_SITE_ADDR=127.0.0.1:$((lb_port + n)) "$linli" serve >>"$dir/logs/server-$n.log" 2>&1 &
  remember "server-$n" $!
}

wait_healthy() { # url
  for _ in $(seq 1 300); do curl -fs -o /dev/null "$1/healthz" && return 0; sleep 0.1; done
  say "$1 did not become healthy"; return 1
}

start_balancer() {
  {
    cat <<CFG
global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 660s
  timeout server 660s
  retries 2
  option redispatch
  # A server closes a connection idle for 10 s (its header timeout); one the balancer kept for
  # reuse could be closed just as a request is sent on it. One connection per request instead.
  option http-server-close
frontend linli
  bind 127.0.0.1:$lb_port
  option forwardfor
  default_backend linli_servers
backend linli_servers
  balance roundrobin
  option httpchk GET /healthz
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
CFG
    for n in $(seq 1 "$servers"); do echo "  server linli$n 127.0.0.1:$((lb_port + n)) check"; done
  } >"$dir/haproxy.cfg"
  haproxy -f "$dir/haproxy.cfg" >>"$dir/logs/haproxy.log" 2>&1 &
  remember haproxy $!
  wait_healthy "http://127.0.0.1:$lb_port"
}

stop_all() {
  local f
  for f in "$dir"/run/*.pid; do [ -e "$f" ] && kill "$(cat "$f")" 2>/dev/null; rm -f "$f"; done
  wait 2>/dev/null || true
}

start_cluster() {
  cluster_tools
  cluster_env
  mkdir -p "$dir/logs"
  start_object_store
  prepare_database
  for n in $(seq 1 "$servers"); do start_server "$n"; done
  for n in $(seq 1 "$servers"); do wait_healthy "http://127.0.0.1:$((lb_port + n))"; done
  start_balancer
}

if [ "${LINLI_CLUSTER_LIBRARY:-0}" != 1 ]; then
  trap stop_all EXIT
  trap 'exit 130' INT TERM
  start_cluster
  say "Linli on http://127.0.0.1:$lb_port — haproxy over $servers servers (ports $((lb_port + 1))–$((lb_port + servers))),"
  say "PostgreSQL database $db_name, materials in s3s-fs at $dir/s3/$bucket. Logs in $dir/logs. Ctrl-C stops all."
  wait
fi
