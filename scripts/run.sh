#!/usr/bin/env bash
# Install and start the portal with demo content on http://127.0.0.1:8000
# (SQLite in var/, nothing else to set up).
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
"$PY" manage.py ensure_admin --username beheerder
echo "==> Portaal start op http://127.0.0.1:8000 (stoppen met Ctrl+C)"
exec "$PY" manage.py runserver 127.0.0.1:8000
