#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for tests (developers and CI use this same script).
#
#   eval "$(scripts/pg-cluster.sh start [DIR])"   # exports DATABASE_URL and PG_CLUSTER_DIR
#   scripts/pg-cluster.sh stop [DIR]              # DIR defaults to $PG_CLUSTER_DIR
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

cmd_start() {
  local dir="${1:-}"
  ensure_binaries

  if [[ $EUID -eq 0 ]] && ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
    die "running as root but OS user '$PG_OS_USER' does not exist (initdb refuses root)"
  fi

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

  local data="$dir/data" logfile="$dir/log" locale
  : >"$dir/$MARKER"
  # Create the log here so that the server (running as the owner) can append to
  # the same file our own redirections write to.
  : >"$logfile"
  if [[ $EUID -eq 0 ]]; then
    chown -R "$PG_OS_USER" "$dir"
    # A DIR under e.g. /root is unreachable for the postgres user; say so now.
    as_owner test -w "$dir" || die "OS user '$PG_OS_USER' cannot write to $dir (check the permissions of its parents)"
  fi

  locale="$(pick_locale)"
  log "initdb in $data (locale $locale)"
  # --no-sync: a throwaway cluster does not need its files flushed to disk.
  if ! as_owner "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 \
    --locale="$locale" --no-sync >>"$logfile" 2>&1; then
    tail -n 20 "$logfile" >&2 || true
    die "initdb failed (full log: $logfile)"
  fi

  local port="" attempt started=0 log_size
  for attempt in $(seq 1 "$PORT_ATTEMPTS"); do
    port="$(free_port)"
    log_size="$(wc -c <"$logfile")"
    log "starting postgres on 127.0.0.1:$port (attempt $attempt)"
    # fsync/synchronous_commit/full_page_writes off: durability is pointless
    # for a cluster we delete afterwards, and it makes tests much faster.
    if as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$logfile" -w -t "$READY_TIMEOUT_SECONDS" start \
      -o "-c listen_addresses=127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c unix_socket_directories=$dir -c max_connections=200" \
      >&2; then
      started=1
      break
    fi
    # Only a lost race for the port is worth retrying; anything else is fatal.
    # (Look at this attempt's part of the log only.)
    if ! tail -c +"$((log_size + 1))" "$logfile" | grep -q 'could not bind\|Address already in use'; then
      break
    fi
  done
  if [[ $started -ne 1 ]]; then
    tail -n 20 "$logfile" >&2 || true
    as_owner "$PG_BIN/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    die "postgres did not start (full log: $logfile; directory kept for inspection)"
  fi

  # pg_ctl -w already waited; confirm over TCP, which is what clients will use.
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2; do
    if (( SECONDS >= deadline )); then
      as_owner "$PG_BIN/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
      die "postgres not ready on 127.0.0.1:$port after ${READY_TIMEOUT_SECONDS}s (log: $logfile)"
    fi
    sleep 0.2
  done
  log "ready: postgres://postgres@127.0.0.1:$port/postgres (dir $dir)"

  printf 'export DATABASE_URL=%q\n' "postgres://postgres@127.0.0.1:$port/postgres"
  printf 'export PG_CLUSTER_DIR=%q\n' "$dir"
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
  [[ $# -le 1 ]] || usage
  case "$cmd" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    *) usage ;;
  esac
}

main "$@"
