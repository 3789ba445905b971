#!/usr/bin/env bash
# Install and run the whole test suite plus the project's checks.
#
# With DATABASE_URL unset it starts a throw-away PostgreSQL 15 cluster (binaries
# in /usr/lib/postgresql/15/bin or PG_BIN) and stops it at the end, also on
# failure. Without PostgreSQL the suite runs on SQLite and the PostgreSQL-only
# tests skip loudly; with CI=true a missing PostgreSQL is an error.
# Extra arguments go to pytest, e.g. scripts/test.sh -k workflow.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_venv requirements-dev.txt
PY="$VENV/bin/python"

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_TMP=""
stop_postgres() {
  if [ -n "$PG_TMP" ] && [ -f "$PG_TMP/data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast stop >/dev/null 2>&1 || true
  fi
  [ -n "$PG_TMP" ] && rm -rf "$PG_TMP"
}
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
start_postgres() {
  local port
  PG_TMP="$(mktemp -d /tmp/portal-pg.XXXXXX)"
  chmod 755 "$PG_TMP"
  trap stop_postgres EXIT
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    install -d -o postgres -g postgres -m 700 "$PG_TMP/data" "$PG_TMP/sock"
  else
    install -d -m 700 "$PG_TMP/data" "$PG_TMP/sock"
  fi
  port="$(free_port)"
  echo "==> Tijdelijke PostgreSQL starten op 127.0.0.1:$port"
  as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/data/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_TMP/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/portal"
}

if [ -z "${DATABASE_URL:-}" ]; then
  if [ -x "$PG_BIN/initdb" ]; then
    start_postgres
  elif [ "${CI:-}" = "true" ]; then
    echo "FOUT: PostgreSQL ontbreekt ($PG_BIN/initdb) en CI=true: de tests moeten op PostgreSQL draaien." >&2
    exit 1
  else
    echo "################################################################" >&2
    echo "# LET OP: geen PostgreSQL gevonden in $PG_BIN." >&2
    echo "# De tests draaien op SQLite; tests die PostgreSQL nodig hebben" >&2
    echo "# worden OVERGESLAGEN. Installeer postgresql-15 voor de volle run." >&2
    echo "################################################################" >&2
  fi
fi

export SECRET_KEY="${SECRET_KEY:-test-only-$(date +%s)-not-secret}"
export DEBUG=0 STATIC_MANIFEST=0 ALLOWED_HOSTS="${ALLOWED_HOSTS:-testserver,localhost,127.0.0.1}"

echo "==> ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
echo "==> manage.py check en makemigrations --check"
"$PY" manage.py check --fail-level WARNING
"$PY" manage.py makemigrations --check --dry-run >/dev/null || {
  echo "FOUT: er ontbreken migraties (manage.py makemigrations)." >&2
  exit 1
}
echo "==> pytest (database: ${DATABASE_URL:-SQLite})"
"$PY" -m pytest "$@"
