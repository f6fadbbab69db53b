#!/usr/bin/env bash
# Throwaway Redis for tests (developers and CI use this same script), on a free loopback port.
#
#   eval "$(scripts/redis-server.sh start [DIR])"   # exports REDIS_URL and REDIS_DIR
#   scripts/redis-server.sh stop [DIR]              # DIR defaults to $REDIS_DIR
#   scripts/redis-server.sh halt DIR                # stops the server, keeps DIR (an outage)
#   scripts/redis-server.sh resume DIR              # starts it again on the same port
#
# stdout carries ONLY the shell-evaluable `export` lines; messages go to stderr.
#
# Environment:
#   REDIS_SERVER  the redis-server binary (default: found on PATH)
#   CI=true       allows installing Debian's redis-server when it is missing
set -euo pipefail

READY_TIMEOUT_SECONDS=20
MARKER=.redis-server

log() { printf 'redis-server.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  cat >&2 <<'USAGE'
usage: scripts/redis-server.sh start [DIR] | stop [DIR] | halt DIR | resume DIR
USAGE
  exit 2
}

ensure_binary() {
  REDIS_SERVER="${REDIS_SERVER:-$(command -v redis-server || true)}"
  if [[ -n "$REDIS_SERVER" && -x "$REDIS_SERVER" ]]; then return; fi
  if [[ "${CI:-}" == "true" ]]; then
    log "redis-server not found; installing Debian's redis-server (CI=true)"
    local sudo=()
    if [[ $EUID -ne 0 ]]; then sudo=(sudo); fi
    "${sudo[@]}" apt-get update >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server >&2
    REDIS_SERVER="$(command -v redis-server || true)"
    [[ -n "$REDIS_SERVER" ]] || die "installed redis-server but it is still not on PATH"
  else
    die "redis-server not found: install it (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_SERVER"
  fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close();});'
}

# launch DIR PORT: a daemon bound to loopback, nothing persisted.
launch() {
  local dir=$1 port=$2
  "$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$dir" --pidfile "$dir/redis.pid" \
    --logfile "$dir/log" --save "" --appendonly no >&2
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  until node -e '
    const s = require("net").connect(Number(process.argv[1]), "127.0.0.1", () => s.write("PING\r\n"));
    s.on("data", (d) => process.exit(String(d).startsWith("+PONG") ? 0 : 1));
    s.on("error", () => process.exit(1));
    setTimeout(() => process.exit(1), 1000);
  ' "$port"; do
    (( SECONDS < deadline )) || die "redis-server not ready on 127.0.0.1:$port (log: $dir/log)"
    sleep 0.1
  done
}

cmd_start() {
  ensure_binary
  local dir="${1:-}"
  if [[ -z "$dir" ]]; then dir="$(mktemp -d "${TMPDIR:-/tmp}/redis-server.XXXXXX")"; else mkdir -p "$dir"; fi
  [[ -z "$(ls -A "$dir")" ]] || die "$dir is not empty"
  dir="$(cd "$dir" && pwd -P)"
  : >"$dir/$MARKER"
  local port
  port="$(free_port)"
  echo "$port" >"$dir/port"
  launch "$dir" "$port"
  log "ready: redis://127.0.0.1:$port (dir $dir)"
  printf 'export REDIS_URL=%q\n' "redis://127.0.0.1:$port"
  printf 'export REDIS_DIR=%q\n' "$dir"
}

cmd_halt() {
  local dir="${1:-}"
  [[ -e "$dir/$MARKER" ]] || die "$dir was not created by redis-server.sh"
  if [[ -f "$dir/redis.pid" ]]; then
    local pid
    pid="$(cat "$dir/redis.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    rm -f "$dir/redis.pid"
  fi
}

cmd_resume() {
  ensure_binary
  local dir="${1:-}"
  [[ -e "$dir/$MARKER" && -f "$dir/port" ]] || die "$dir was not created by redis-server.sh"
  launch "$dir" "$(cat "$dir/port")"
}

cmd_stop() {
  local dir="${1:-${REDIS_DIR:-}}"
  [[ -n "$dir" && -d "$dir" ]] || { log "nothing to stop"; return 0; }
  cmd_halt "$dir"
  rm -rf -- "$dir"
  log "stopped and removed $dir"
}

[[ $# -ge 1 && $# -le 2 ]] || usage
cmd="$1"
shift
case "$cmd" in
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  halt) cmd_halt "$@" ;;
  resume) cmd_resume "$@" ;;
  *) usage ;;
esac
