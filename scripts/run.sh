#!/usr/bin/env bash
# Install and start the portal with demo content on http://127.0.0.1:8000
# (SQLite in var/, nothing else to set up). The administrator's password and
# authenticator key stay the same across starts (kept in var/); RESET=1 makes
# new ones.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_node_modules
ensure_venv requirements.txt
export DEBUG="${DEBUG:-1}"
PY="$VENV/bin/python"
echo "==> Database bijwerken"
"$PY" manage.py migrate --no-input -v0
"$PY" manage.py createcachetable
echo "==> Demo-inhoud laden"
"$PY" manage.py load_demo
if [ "${RESET:-0}" = 1 ]; then
  "$PY" manage.py ensure_admin --username beheerder --keep --reset
else
  "$PY" manage.py ensure_admin --username beheerder --keep
fi
echo "==> Achtergrondtaken starten (manage.py db_worker: e-mail, zoekindex, PDF-tekst)"
"$PY" manage.py db_worker &
WORKER_PID=$!
trap 'kill "$WORKER_PID" 2>/dev/null; wait "$WORKER_PID" 2>/dev/null' EXIT
echo "==> Portaal start op http://127.0.0.1:8000 (stoppen met Ctrl+C)"
echo "    Andere opdrachten: DEBUG=1 .venv/bin/python manage.py help"
"$PY" manage.py runserver 127.0.0.1:8000
