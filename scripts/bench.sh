#!/usr/bin/env bash
# Run a benchmark from bench/ on PostgreSQL: bash scripts/bench.sh practices [--n 20000]
# (practices, search, load, scale: see the docstring at the top of each).
# Starts a throw-away PostgreSQL unless DATABASE_URL is set (use a database you
# can throw away: the script fills it with synthetic content).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
name="${1:?usage: scripts/bench.sh NAME [args]}"
shift
ensure_venv requirements-dev.txt
if [ "$name" = load ] && ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else
    echo "FOUT: wrk ontbreekt: sudo apt-get install wrk" >&2
    exit 1
  fi
fi
if [ -z "${DATABASE_URL:-}" ]; then
  # Memory as a database server for the portal would have it (PostgreSQL's
  # default of 128 MB holds not even the 100,000-document index).
  PG_SERVER_OPTIONS="-c shared_buffers=2GB -c effective_cache_size=8GB -c maintenance_work_mem=512MB" \
    start_postgres bench
fi
export SECRET_KEY="${SECRET_KEY:-bench-only}" DEBUG=0 STATIC_MANIFEST=0 ALLOWED_HOSTS="testserver,localhost,127.0.0.1"
# Without DEBUG a mail backend is required; the benches send no mail.
export MAIL_BACKEND="${MAIL_BACKEND:-django.core.mail.backends.locmem.EmailBackend}"
# The in-process benches measure the server's own work: no request log lines,
# no whole-page cache. The load test keeps the page cache, as in production.
export REQUEST_LOG_LEVEL=WARNING
if [ "$name" != load ]; then export PAGE_CACHE_SECONDS=0; fi
# scale makes and migrates a database per size itself.
if [ "$name" != scale ]; then
  "$VENV/bin/python" manage.py migrate --no-input -v0
  "$VENV/bin/python" manage.py createcachetable
fi
"$VENV/bin/python" "bench/$name.py" "$@"
