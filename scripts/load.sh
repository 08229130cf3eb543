#!/usr/bin/env bash
# Linli under sustained load on the cluster of scripts/cluster.sh (PostgreSQL, s3s-fs, haproxy),
# with locust's scenario (scripts/load/locustfile.py): residents browse, search, read notices,
# apply with two photos, follow applications, report feedback, book market slots; an officer
# works the queue.
#
#   cargo make load        1,000 residents: 10 minutes on 1, 2 and 3 servers (the scaling
#                          curve), then 3 servers under faults
#   LINLI_LOAD_SHORT=1     what the test command runs: 100 residents on 3 servers, 20 s with a
#                          backup taken and restored (the drill), then 40 s with one fault of each kind
#
# Faults: SIGKILL one server (haproxy routes around it; it is started again), restart PostgreSQL
# (each server's /healthz answers 503 meanwhile; they recover without a restart), stop the object
# store (uploads refused with a 503 and nothing half-stored; taken again once it is back). The
# run fails on any error in a clean phase, on any acknowledged submission missing from the
# database or any of its materials missing from the object store, and on oversold slots.
set -euo pipefail
cd "$(dirname "$0")/.."
short=${LINLI_LOAD_SHORT:-0}
export LINLI_CLUSTER_LIBRARY=1 LINLI_CLUSTER_DIR=target/load LINLI_CLUSTER_DB=linli_load LINLI_CLUSTER_PORT=3300 LINLI_CLUSTER_FRESH=1
profile=${LINLI_LOAD_PROFILE:-release}
[ "$short" = 1 ] && profile=${LINLI_LOAD_PROFILE:-debug}
export LINLI_BIN=target/$profile/linli
# Every simulated resident comes from this machine's one address; in a district they come from
# thousands. The per-address limits are raised accordingly (they are still taken, in PostgreSQL).
export LINLI_RATE_LIMIT_SCALE=1000
# shellcheck source=scripts/cluster.sh
source scripts/cluster.sh
lb=http://127.0.0.1:$lb_port
acks=$dir/acknowledged.txt
failed=0
say() { printf '\033[1m[load]\033[0m %s\n' "$*"; }

command -v locust >/dev/null || { say "installing locust from PyPI"; python3 -m pip install -q "locust==2.47.0"; }
release_flag=(); [ "$profile" = release ] && release_flag=(--release)
cargo build -q "${release_flag[@]}" -p linli-server --bin linli --example seed_residents --example bench_photo

residents=1000; [ "$short" = 1 ] && residents=100
# The short run's few residents keep busy (every one applies and reports, pausing 1–3 s), so that
# a 20-second phase has submissions to back up and to lose.
[ "$short" = 1 ] && export LINLI_LOAD_THINK=${LINLI_LOAD_THINK:-1,3} LINLI_LOAD_SHARES=${LINLI_LOAD_SHARES:-1,1}
# Everyone signed in (20 a second at most), each reading a page for 5–15 s (see the scenario);
# LINLI_LOAD_USERS and LINLI_LOAD_SECONDS shorten the full run.
users=${LINLI_LOAD_USERS:-$residents}
seconds=${LINLI_LOAD_SECONDS:-600}
trap stop_all EXIT
trap 'exit 130' INT TERM
rm -rf "$dir" && mkdir -p "$dir"
photo_bytes=3000000; [ "$short" = 1 ] && photo_bytes=600000
"target/$profile/examples/bench_photo" "$dir/a.jpg" "$photo_bytes" 1
"target/$profile/examples/bench_photo" "$dir/b.jpg" "$photo_bytes" 2
export LINLI_LOAD_PHOTO_A=$dir/a.jpg LINLI_LOAD_PHOTO_B=$dir/b.jpg LINLI_LOAD_ACKS=$acks LINLI_LOAD_RESIDENTS=$residents

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# The restore drill under load: a backup taken while the phase runs, restored into a fresh
# database and directory (the restore checks every row count and material checksum), where every
# submission acknowledged before the backup began must be.
backup_during() { # seconds-from-now
  sleep "$1"
  # Once some applications are in (under a short run's load the first may take a while).
  for _ in $(seq 1 60); do grep -q '^application ' "$acks" 2>/dev/null && break; sleep 1; done
  date +%s.%N >"$dir/backup-started"
  "$linli" backup "$dir/backup" >"$dir/backup-taken.log" 2>&1 || { say "FAIL: backup under load: $(cat "$dir/backup-taken.log")"; return 1; }
}

restore_drill() {
  local restored_db=${db_name}_restored
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $restored_db WITH (FORCE)" >/dev/null 2>&1
  psql "$pg_admin" -qc "CREATE DATABASE $restored_db" >/dev/null
  mkdir -p "$dir/restored" && cp -r "$dir/data/keys" "$dir/restored/keys"
  if ! (unset LINLI_S3_BUCKET; DATABASE_URL=${pg_admin%/*}/$restored_db LINLI_DATA_DIR=$dir/restored \
        "$linli" restore "$dir/backup" >"$dir/restore.log" 2>&1); then
    say "FAIL: restore: $(cat "$dir/restore.log")"; failed=1; return
  fi
  say "  backup under load: $(cat "$dir/backup-taken.log")"
  say "  restored: $(cat "$dir/restore.log")"
  local started refs count found
  started=$(cat "$dir/backup-started")
  refs=$(awk -v t="$started" -v q="'" '$1 == "application" && $3 < t {printf "%s%s%s%s", (n++ ? "," : ""), q, $2, q}' "$acks")
  count=$(awk -v t="$started" '$1 == "application" && $3 < t' "$acks" | wc -l)
  [ "$count" = 0 ] && { say "FAIL: no application was acknowledged before the backup"; failed=1; return; }
  found=$(psql "${pg_admin%/*}/$restored_db" -Atc "SELECT COUNT(*) FROM applications WHERE ref_no IN ($refs)")
  say "  $count applications acknowledged before the backup, $((count - found)) missing after the restore"
  [ "$found" = "$count" ] || failed=1
}

# run_phase LABEL USERS SECONDS [faults]: one locust run; prints p99 and throughput per request.
run_phase() {
  local label=$1 users=$2 secs=$3 faults=${4:-}
  local before=() n
  for n in $(seq 1 "$servers"); do before[$n]=$(rss_kb "$(pid_of "server-$n")"); done
  local fault_pid= backup_pid=
  if [ "$faults" = faults ]; then inject_faults "$secs" & fault_pid=$!; fi
  if [ "$faults" = backup ]; then backup_during "$(( secs / 2 ))" & backup_pid=$!; fi
  locust -f scripts/load/locustfile.py --headless -u "$users" -r "$(( users / 4 + 1 < 20 ? users / 4 + 1 : 20 ))" -t "${secs}s" --host "$lb" \
    --csv "$dir/$label" --only-summary --stop-timeout 60 --loglevel WARNING >"$dir/$label.log" 2>&1 || true
  [ -n "$fault_pid" ] && { wait "$fault_pid" || failed=1; }
  [ -n "$backup_pid" ] && { wait "$backup_pid" || failed=1; }
  say "$label: $users residents for $secs s on $servers servers"
  awk -F, 'NR > 1 && $2 != "" {printf "  %-5s %-30s %7d req %5d failed  p99 %6s ms  %8.1f req/s\n", $1, $2, $3, $4, $19, $10}' "$dir/${label}_stats.csv"
  for n in $(seq 1 "$servers"); do
    say "  server $n memory: $(( ${before[$n]} / 1024 )) MB at start, $(( $(rss_kb "$(pid_of "server-$n")") / 1024 )) MB at end"
  done
  local errors
  errors=$(awk -F, '$2 == "Aggregated" {print $4}' "$dir/${label}_stats.csv")
  if [ "$faults" != faults ] && [ "${errors:-1}" != 0 ]; then
    say "FAIL: $errors errors without any fault"; head -20 "$dir/${label}_failures.csv" || true; failed=1
  fi
}

healthz_status() { curl -s -o /dev/null -w "%{http_code}" --max-time 5 "http://127.0.0.1:$((lb_port + $1))/healthz" || true; }

# One of each fault, spread over the phase.
inject_faults() {
  local secs=$1 step=$(( $1 / 5 )) ok=0
  sleep "$step"
  say "fault: SIGKILL server 2"
  kill -9 "$(pid_of server-2)"
  sleep "$step"
  start_server 2
  wait_healthy "http://127.0.0.1:$((lb_port + 2))"
  say "fault: restarting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main stop -m fast
  local during; during=$(healthz_status 1)
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  say "  server 1's /healthz while PostgreSQL was down: $during"
  [ "$during" = 503 ] || { say "FAIL: /healthz answered $during with the database down"; ok=1; }
  wait_healthy "http://127.0.0.1:$((lb_port + 1))" || ok=1
  sleep "$step"
  say "fault: stopping the object store"
  kill "$(pid_of s3)"
  sleep 1
  if curl -s --max-time 10 "http://127.0.0.1:$((lb_port + 1))/healthz" | grep -q '"files":"unreachable"'; then
    say "  /healthz reports the file store unreachable (uploads meanwhile are refused with a 503)"
  else
    say "FAIL: /healthz did not report the file store down"; ok=1
  fi
  sleep "$step"
  start_object_store
  say "  object store back"
  return $ok
}

# Every acknowledged submission is in the database, with every material in the object store.
check_acknowledged() {
  local kind table refs missing files absent
  for kind in application:applications feedback:feedback order:orders; do
    table=${kind#*:}; kind=${kind%%:*}
    refs=$(awk -v k="$kind" -v q="'" '$1 == k {printf "%s%s%s%s", (n++ ? "," : ""), q, $2, q}' "$acks")
    count=$(awk -v k="$kind" '$1 == k' "$acks" | wc -l)
    [ "$count" = 0 ] && { say "  no $kind acknowledged"; continue; }
    found=$(psql "$database_url" -Atc "SELECT COUNT(*) FROM $table WHERE ref_no IN ($refs)")
    say "  $count ${kind}s acknowledged, $((count - found)) missing from the database"
    [ "$found" = "$count" ] || failed=1
  done
  files=$(psql "$database_url" -Atc "SELECT f.stored_name FROM files f JOIN application_files af ON af.file_id = f.id
    UNION ALL SELECT f.thumb_name FROM files f JOIN application_files af ON af.file_id = f.id WHERE f.thumb_name IS NOT NULL")
  absent=0
  for f in $files; do [ -s "$dir/s3/$bucket/$f" ] || absent=$((absent + 1)); done
  say "  $(echo "$files" | grep -c . || true) application materials in the database, $absent missing from the object store"
  [ "$absent" = 0 ] || failed=1
  local oversold
  oversold=$(psql "$database_url" -Atc "SELECT COUNT(*) FROM slot_use s JOIN listings l ON l.id = s.listing_id
    WHERE s.used > (SELECT COALESCE(MAX(capacity), 0) FROM availability a WHERE a.listing_id = s.listing_id)")
  say "  slots oversold: $oversold"
  [ "$oversold" = 0 ] || failed=1
}

start_cluster_with() {
  servers=$1
  # A fresh cluster starts with an empty database: what earlier phases acknowledged is not in it.
  : >"$acks"
  start_cluster
  "target/$profile/examples/seed_residents" "$residents"
}

if [ "$short" = 1 ]; then
  start_cluster_with 3
  run_phase clean 50 20 backup
  restore_drill
  run_phase faults 50 40 faults
  check_acknowledged
else
  for n in 1 2 3; do
    LINLI_CLUSTER_FRESH=1 start_cluster_with "$n"
    run_phase "servers-$n" "$users" "$seconds"
    check_acknowledged
    stop_all
  done
  start_cluster_with 3
  run_phase backup "$users" "$(( seconds < 120 ? seconds : 120 ))" backup
  restore_drill
  run_phase faults "$users" "$(( seconds < 300 ? seconds : 300 ))" faults
  check_acknowledged
fi
[ "$failed" = 0 ] && say "passed" || { say "FAILED"; exit 1; }
