#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for tests (developers and CI use this same script).
#
#   eval "$(scripts/pg-cluster.sh start [DIR])"   # exports DATABASE_URL and PG_CLUSTER_DIR
#   scripts/pg-cluster.sh stop [DIR]              # DIR defaults to $PG_CLUSTER_DIR
#   eval "$(scripts/pg-cluster.sh start-standby PRIMARY_URL [DIR])"
#                                                 # a streaming standby of PRIMARY_URL (pg_basebackup -R):
#                                                 # exports REPLICA_URL and PG_STANDBY_DIR; stop it with stop DIR
#   scripts/pg-cluster.sh halt DIR                # stops the server but keeps the cluster (an outage)
#   scripts/pg-cluster.sh resume DIR              # starts it again, on the same port
#
# stdout carries ONLY the shell-evaluable `export` lines, so that `eval "$(...)"`
# is safe; every human message goes to stderr and server logs to DIR/log.
#
# Environment:
#   PG_BIN   directory holding initdb/pg_ctl/pg_isready (default /usr/lib/postgresql/15/bin)
#   CI=true  allows installing Debian's postgresql-15 when the binaries are missing
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
# initdb refuses to run as root, so when we are root the server runs as this OS user.
PG_OS_USER=postgres
# Bounded waits: a server that is not up after this long is broken, not slow.
READY_TIMEOUT_SECONDS=60
# Attempts at picking a port: another process may grab the free port we found
# between our probe and the server's bind.
PORT_ATTEMPTS=5
# Written at start; stop only deletes a directory carrying it, so a wrong
# PG_CLUSTER_DIR can never make us `rm -rf` something that is not ours.
MARKER=.pg-cluster

log() { printf 'pg-cluster: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  cat >&2 <<'EOF'
usage: scripts/pg-cluster.sh start [DIR]   start a throwaway cluster (prints export lines)
       scripts/pg-cluster.sh stop  [DIR]   stop it and remove DIR (default: $PG_CLUSTER_DIR)
       scripts/pg-cluster.sh start-standby PRIMARY_URL [DIR]   start a streaming standby of a primary
       scripts/pg-cluster.sh halt DIR      stop the server, keep the cluster
       scripts/pg-cluster.sh resume DIR    start a halted cluster again on its port
EOF
  exit 2
}

# Run a command as the cluster's owner: as root we must switch to the postgres
# user (initdb/postgres refuse root); as anyone else we simply are the owner.
as_owner() {
  if [[ $EUID -eq 0 ]]; then
    # cd / first: root's cwd (often /root) is unreadable for postgres, and
    # initdb/pg_ctl warn or fail when they cannot stat their cwd.
    (cd / && runuser -u "$PG_OS_USER" -- "$@")
  else
    "$@"
  fi
}

ensure_binaries() {
  if [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" && -x "$PG_BIN/pg_isready" ]]; then
    return
  fi
  if [[ "${CI:-}" == "true" ]]; then
    log "PostgreSQL binaries not found in $PG_BIN; installing Debian's postgresql-15 (CI=true)"
    local sudo=()
    if [[ $EUID -ne 0 ]]; then
      command -v sudo >/dev/null 2>&1 || die "need root or sudo to apt-get install postgresql-15"
      sudo=(sudo)
    fi
    # apt's chatter must not reach stdout: callers eval our stdout.
    "${sudo[@]}" apt-get update >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y --no-install-recommends postgresql-15 >&2
    [[ -x "$PG_BIN/initdb" ]] || die "installed postgresql-15 but $PG_BIN/initdb is still missing (set PG_BIN?)"
  else
    die "PostgreSQL 15 server binaries not found in $PG_BIN.
  Install them (Debian/Ubuntu: sudo apt-get install postgresql-15;
  macOS: brew install postgresql@15, then PG_BIN=\$(brew --prefix postgresql@15)/bin),
  or point PG_BIN at a directory containing initdb, pg_ctl and pg_isready."
  fi
}

# Pick a currently free TCP port on 127.0.0.1 by binding port 0 and reading
# what the kernel chose. node is always present in this project; python3 is
# a fallback for machines that run the script outside it.
free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close();});'
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
  else
    # Last resort: random high port that nothing answers on.
    # (pg_isready exits 2 when nothing answers at all).
    local port rc
    for _ in $(seq 1 50); do
      port=$((20000 + RANDOM % 40000))
      rc=0
      "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1 >/dev/null 2>&1 || rc=$?
      if [[ $rc -eq 2 ]]; then
        echo "$port"
        return
      fi
    done
    die "could not find a free port"
  fi
}

# C.UTF-8 gives UTF-8 character semantics with byte-order collation (stable,
# fast, same everywhere); plain C is the fallback where that locale is missing.
pick_locale() {
  if command -v locale >/dev/null 2>&1 && locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
    echo C.UTF-8
  else
    echo C
  fi
}

# prepare_dir DIR: makes DIR (new or empty) ours; prints its absolute path.
prepare_dir() {
  local dir="${1:-}"
  if [[ -z "$dir" ]]; then
    dir="$(mktemp -d "${TMPDIR:-/tmp}/pg-cluster.XXXXXX")"
  else
    mkdir -p "$dir"
    # initdb needs an empty data directory, and we must not adopt (and later
    # delete) a directory that holds someone else's files.
    if [[ -n "$(ls -A "$dir")" ]]; then
      die "$dir is not empty; give a new or empty directory (or stop the cluster in it first)"
    fi
  fi
  dir="$(cd "$dir" && pwd -P)"

  # pg_ctl passes -o through a shell and unix sockets have a ~107 byte path
  # limit; refuse awkward paths up front instead of failing obscurely later.
  [[ "$dir" =~ ^[A-Za-z0-9._/+-]+$ ]] || die "directory path '$dir' has characters pg_ctl cannot pass safely"
  (( ${#dir} <= 80 )) || die "directory path '$dir' is too long for a unix socket"

  : >"$dir/$MARKER"
  # Create the log here so that the server (running as the owner) can append to
  # the same file our own redirections write to.
  : >"$dir/log"
  if [[ $EUID -eq 0 ]]; then
    chown -R "$PG_OS_USER" "$dir"
    # A DIR under e.g. /root is unreachable for the postgres user; say so now.
    as_owner test -w "$dir" || die "OS user '$PG_OS_USER' cannot write to $dir (check the permissions of its parents)"
  fi
  echo "$dir"
}

# launch DIR PORT: starts the cluster in DIR/data on 127.0.0.1:PORT; fails if it does not start.
launch() {
  local dir=$1 port=$2
  log "starting postgres on 127.0.0.1:$port"
  # fsync/synchronous_commit/full_page_writes off: durability is pointless
  # for a cluster we delete afterwards, and it makes tests much faster.
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t "$READY_TIMEOUT_SECONDS" start \
    -o "-c listen_addresses=127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c unix_socket_directories=$dir -c max_connections=200" \
    >&2
}

# launch_on_free_port DIR: launches, retrying when another process takes the port first; prints the port.
launch_on_free_port() {
  local dir=$1 port="" attempt log_size
  for attempt in $(seq 1 "$PORT_ATTEMPTS"); do
    port="$(free_port)"
    log_size="$(wc -c <"$dir/log")"
    if launch "$dir" "$port"; then
      echo "$port" >"$dir/port"
      echo "$port"
      return 0
    fi
    # Only a lost race for the port is worth retrying; anything else is fatal.
    # (Look at this attempt's part of the log only.)
    if ! tail -c +"$((log_size + 1))" "$dir/log" | grep -q 'could not bind\|Address already in use'; then
      break
    fi
    log "port $port was taken (attempt $attempt)"
  done
  tail -n 20 "$dir/log" >&2 || true
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  die "postgres did not start (full log: $dir/log; directory kept for inspection)"
}

# wait_ready DIR PORT: waits until the server answers over TCP, which is what clients use.
wait_ready() {
  local dir=$1 port=$2
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2; do
    if (( SECONDS >= deadline )); then
      as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
      die "postgres not ready on 127.0.0.1:$port after ${READY_TIMEOUT_SECONDS}s (log: $dir/log)"
    fi
    sleep 0.2
  done
}

cmd_start() {
  ensure_binaries
  if [[ $EUID -eq 0 ]] && ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
    die "running as root but OS user '$PG_OS_USER' does not exist (initdb refuses root)"
  fi
  local dir locale port
  dir="$(prepare_dir "${1:-}")"
  locale="$(pick_locale)"
  log "initdb in $dir/data (locale $locale)"
  # --no-sync: a throwaway cluster does not need its files flushed to disk.
  if ! as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
    --locale="$locale" --no-sync >>"$dir/log" 2>&1; then
    tail -n 20 "$dir/log" >&2 || true
    die "initdb failed (full log: $dir/log)"
  fi
  port="$(launch_on_free_port "$dir")"
  wait_ready "$dir" "$port"
  log "ready: postgres://postgres@127.0.0.1:$port/postgres (dir $dir)"
  printf 'export DATABASE_URL=%q\n' "postgres://postgres@127.0.0.1:$port/postgres"
  printf 'export PG_CLUSTER_DIR=%q\n' "$dir"
}

# A hot standby that streams from PRIMARY_URL: a base backup with -R writes its
# standby.signal and primary_conninfo, so it follows the primary from the start.
cmd_start_standby() {
  local primary="${1:-}"
  [[ "$primary" =~ ^postgres(ql)?://([^@/]+@)?127\.0\.0\.1:([0-9]+)/ ]] || die "start-standby needs the primary's URL (postgres://...@127.0.0.1:PORT/db)"
  local primary_port="${BASH_REMATCH[3]}"
  ensure_binaries
  local dir port
  dir="$(prepare_dir "${2:-}")"
  log "base backup of 127.0.0.1:$primary_port into $dir/data"
  if ! as_owner "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir/data" -R -X stream --no-sync >>"$dir/log" 2>&1; then
    tail -n 20 "$dir/log" >&2 || true
    die "pg_basebackup failed (full log: $dir/log)"
  fi
  port="$(launch_on_free_port "$dir")"
  wait_ready "$dir" "$port"
  log "standby ready: postgres://postgres@127.0.0.1:$port/postgres (dir $dir)"
  printf 'export REPLICA_URL=%q\n' "postgres://postgres@127.0.0.1:$port/postgres"
  printf 'export PG_STANDBY_DIR=%q\n' "$dir"
}

# An outage: the server stops, the cluster stays, and resume brings it back on the same port.
cmd_halt() {
  local dir="${1:-}"
  [[ -e "$dir/$MARKER" ]] || die "$dir was not created by pg-cluster.sh"
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2
}

cmd_resume() {
  local dir="${1:-}"
  [[ -e "$dir/$MARKER" && -f "$dir/port" ]] || die "$dir was not created by pg-cluster.sh"
  local port
  port="$(cat "$dir/port")"
  launch "$dir" "$port" || die "postgres did not start again on $port (log: $dir/log)"
  wait_ready "$dir" "$port"
}

cmd_stop() {
  local dir="${1:-${PG_CLUSTER_DIR:-}}"
  if [[ -z "$dir" ]]; then
    log "no DIR given and PG_CLUSTER_DIR is unset; nothing to stop"
    return 0
  fi
  if [[ ! -d "$dir" ]]; then
    log "$dir does not exist; already stopped"
    return 0
  fi
  [[ -e "$dir/$MARKER" ]] || die "$dir was not created by pg-cluster.sh (no $MARKER); refusing to remove it"

  local data="$dir/data"
  if [[ -f "$data/postmaster.pid" ]]; then
    # Fast shutdown disconnects clients instead of waiting for them; if even
    # that hangs, immediate mode is fine because the data is discarded anyway.
    if ! as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 30 stop >&2; then
      as_owner "$PG_BIN/pg_ctl" -D "$data" -m immediate -w -t 10 stop >&2 || true
    fi
  fi
  rm -rf -- "$dir"
  log "stopped and removed $dir"
}

main() {
  [[ $# -ge 1 ]] || usage
  local cmd="$1"
  shift
  [[ $# -le 2 ]] || usage
  case "$cmd" in
    start) [[ $# -le 1 ]] || usage; cmd_start "$@" ;;
    stop) [[ $# -le 1 ]] || usage; cmd_stop "$@" ;;
    start-standby) cmd_start_standby "$@" ;;
    halt) cmd_halt "$@" ;;
    resume) cmd_resume "$@" ;;
    *) usage ;;
  esac
}

main "$@"
