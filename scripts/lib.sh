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
