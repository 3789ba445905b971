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
ensure_node_modules
ensure_venv requirements-dev.txt
PY="$VENV/bin/python"

if [ -z "${DATABASE_URL:-}" ]; then
  if [ -x "$PG_BIN/initdb" ]; then
    start_postgres portal
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
# Without DEBUG the settings require a mail backend (never the console); the
# checks below need one, pytest swaps it for locmem itself.
export MAIL_BACKEND="${MAIL_BACKEND:-django.core.mail.backends.locmem.EmailBackend}"

echo "==> ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
echo "==> djlint"
"$VENV/bin/djlint" templates --lint
echo "==> import-linter (lagen, onafhankelijke apps, geen kringen; pyproject.toml)"
"$VENV/bin/lint-imports"
echo "==> mypy (portal.core, portal.editorial, portal.search)"
"$VENV/bin/mypy"
echo "==> bandit (geen middel- of hoog-risicobevindingen)"
"$VENV/bin/bandit" -q -r portal practices meetings api -x "*/migrations/*" --severity-level medium
echo "==> manage.py check en makemigrations --check"
"$PY" manage.py check --fail-level WARNING
"$PY" manage.py makemigrations --check --dry-run >/dev/null || {
  echo "FOUT: er ontbreken migraties (manage.py makemigrations)." >&2
  exit 1
}
echo "==> pytest (database: ${DATABASE_URL:-SQLite})"
"$PY" -m pytest "$@"
