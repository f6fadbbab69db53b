#!/usr/bin/env bash
# The read replica: on first start, a base backup of the primary with -R (standby.signal and
# primary_conninfo), then PostgreSQL as a hot standby that streams from it. Runs as postgres.
set -euo pipefail
: "${PGDATA:?set PGDATA}" "${PRIMARY_HOST:?set PRIMARY_HOST}" "${PRIMARY_PORT:=5432}"
: "${REPLICATION_USER:?set REPLICATION_USER}" "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  export PGPASSWORD="$REPLICATION_PASSWORD"
  until pg_basebackup -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$REPLICATION_USER" -D "$PGDATA" -R -X stream; do
    echo "replica: waiting for the primary at $PRIMARY_HOST:$PRIMARY_PORT" >&2
    rm -rf "${PGDATA:?}"/*
    sleep 2
  done
fi

exec postgres -D "$PGDATA" -c hot_standby=on -c listen_addresses='*'
