# Shared helpers for scripts/run.sh and scripts/test.sh (sourced, not run).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

_python_ok() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

# Print the path of a Python >= 3.12 that really runs. pyenv shims such as
# python3.13 exist on PATH but refuse to run unless selected, so every
# candidate is executed, not just looked up.
find_python() {
  local candidate dir root
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && _python_ok "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    root="$(pyenv root)"
    for dir in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -rV); do
      if _python_ok "$dir/bin/python3"; then
        echo "$dir/bin/python3"
        return 0
      fi
    done
  fi
  return 1
}

# Create .venv (if needed) and install a requirements file (if it changed).
ensure_venv() {
  local requirements="$1" python stamp
  if [ ! -x "$VENV/bin/python" ] || ! _python_ok "$VENV/bin/python"; then
    if ! python="$(find_python)"; then
      echo "FOUT: Python 3.12 of nieuwer is nodig (Django 6.1 draait niet op $(python3 --version 2>&1))." >&2
      echo "Installeer het, bijvoorbeeld: apt-get install python3.12 python3.12-venv, of: pyenv install 3.13." >&2
      echo "Of wijs er een aan met: PYTHON=/pad/naar/python3.13 make ..." >&2
      exit 1
    fi
    echo "==> Virtualenv maken met $python ($("$python" --version))"
    rm -rf "$VENV"
    "$python" -m venv "$VENV"
  fi
  stamp="$VENV/.installed-$(basename "$requirements")"
  if [ ! -f "$stamp" ] || ! cmp -s <(cat "$ROOT"/requirements*.txt) "$stamp"; then
    echo "==> Pakketten installeren uit $(basename "$requirements")"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/$requirements"
    cat "$ROOT"/requirements*.txt >"$stamp"
  fi
}

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_VERSION_DIR="$(basename "$(dirname "$PG_BIN")")"
# PostgreSQL's share directory: extensions and text search dictionaries.
PG_SHARE="${PG_SHARE:-/usr/share/postgresql/$PG_VERSION_DIR}"
PG_TMP=""

_search_warning() {
  if [ "${CI:-}" = "true" ]; then
    echo "FOUT: $1 (CI=true). Installeer: apt-get install postgresql-$PG_VERSION_DIR-rum hunspell-nl" >&2
    exit 1
  fi
  echo "################################################################" >&2
  echo "# LET OP: $1" >&2
  echo "# Installeer: apt-get install postgresql-$PG_VERSION_DIR-rum hunspell-nl" >&2
  echo "################################################################" >&2
}

# The search (migration 0009) wants the RUM extension and a Dutch ispell
# dictionary in PostgreSQL's tsearch_data, as nl_portal.dict/.affix, made from
# Debian's hunspell-nl with two fixes PostgreSQL needs: words with an escaped
# slash ("km\/h") break its flag parser, and the ligature "ĳ" (hunspell turns
# "ij" into it on input, PostgreSQL does not) must be a plain "ij". And one
# choice: without the separable verb prefixes (PFX Pa-Pt), which would make
# "meedoen" "do", "aanpak" "pak" and "doorgaande" "gaan"; compounds are still
# split. Writing there needs root; without it the search works without
# compound splitting. DICTIONARY_RECIPE changes when these steps change.
DICTIONARY_RECIPE=2
install_pg_dutch_dictionary() {
  local source=/usr/share/hunspell/nl dir="$PG_SHARE/tsearch_data"
  if [ ! -f "$source.dic" ]; then
    _search_warning "hunspell-nl ontbreekt: de zoekfunctie splitst geen samengestelde woorden"
    return 0
  fi
  if [ -f "$dir/nl_portal.dict" ] && [ "$dir/nl_portal.dict" -nt "$source.dic" ] &&
    [ "$(cat "$dir/nl_portal.recipe" 2>/dev/null)" = "$DICTIONARY_RECIPE" ]; then
    return 0
  fi
  if [ ! -w "$dir" ]; then
    _search_warning "$dir/nl_portal.dict ontbreekt; maak het als root: bash -c 'source scripts/lib.sh && install_pg_dutch_dictionary'"
    return 0
  fi
  echo "==> Nederlands woordenboek voor PostgreSQL maken ($dir/nl_portal.dict)"
  sed -e 's/ĳ/ij/g' -e 's/Ĳ/IJ/g' -e '/^PFX P[a-t] /d' "$source.aff" >"$dir/nl_portal.affix"
  sed -e '1d' -e '/\\\//d' -e 's/\t.*//' -e 's/ĳ/ij/g' -e 's/Ĳ/IJ/g' "$source.dic" >"$dir/nl_portal.dict.tmp"
  mv "$dir/nl_portal.dict.tmp" "$dir/nl_portal.dict"
  echo "$DICTIONARY_RECIPE" >"$dir/nl_portal.recipe"
}

check_search_prerequisites() {
  if [ ! -f "$PG_SHARE/extension/rum.control" ]; then
    _search_warning "de PostgreSQL-extensie rum ontbreekt: zoeken rangschikt zonder RUM-index (traag bij veelvoorkomende woorden)"
  fi
  install_pg_dutch_dictionary
}

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
  "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# Start a throw-away PostgreSQL cluster in a temp dir, export DATABASE_URL for
# database "$1" and stop and remove the cluster when the script exits.
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
  check_search_prerequisites
  port="$(free_port)"
  echo "==> Tijdelijke PostgreSQL starten op 127.0.0.1:$port"
  as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/data/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_TMP/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PG_SERVER_OPTIONS:-}" \
    start >/dev/null
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "${1:-portal}"
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/${1:-portal}"
}


# Install the front-end packages (NL Design System CSS, font, HTML validator)
# from the npm registry, as pinned in package-lock.json.
ensure_node_modules() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "FOUT: npm ontbreekt; installeer Node.js en npm (apt-get install nodejs npm)." >&2
    exit 1
  fi
  if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || ! cmp -s "$ROOT/package-lock.json" "$ROOT/node_modules/.installed-lock"; then
    echo "==> Front-end-pakketten installeren (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$ROOT/package-lock.json" "$ROOT/node_modules/.installed-lock"
  fi
}
