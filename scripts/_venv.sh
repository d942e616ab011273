# Sourced by scripts/paperdesk and scripts/test: create or update .venv when the inputs change.
# torch is pinned to the CPU build through constraints.txt and installed first, so that pip
# never resolves sentence-transformers' torch requirement to a multi-GB CUDA build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PAPERDESK_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"

pip_install() {
  # Quiet, but keep real errors; drop pip's notes about index folders that do not exist.
  "$VENV/bin/python" -m pip install -q "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; } >&2
  return "${PIPESTATUS[0]}"
}

ensure_venv() {
  local extras="$1"
  if [ ! -x "$VENV/bin/python" ]; then
    echo "paperdesk: creating $VENV" >&2
    "$PYTHON" -m venv "$VENV"
  fi
  local hash stamp="$VENV/.paperdesk-installed"
  hash="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -c1-16)"
  # Up to date if installed from these inputs with these extras (the test extras include all).
  if [ -f "$stamp" ] && { grep -qxF -- "$hash-$extras" "$stamp" || grep -qxF -- "$hash-[test]" "$stamp"; }; then
    return 0
  fi
  echo "paperdesk: installing dependencies into $VENV (first run takes a few minutes)" >&2
  pip_install --upgrade pip
  pip_install -c "$ROOT/constraints.txt" "torch==2.13.0"
  pip_install -c "$ROOT/constraints.txt" -e "$ROOT$extras"
  { grep -F -- "$hash-" "$stamp" 2>/dev/null || true; echo "$hash-$extras"; } > "$stamp.new"
  mv "$stamp.new" "$stamp"
}
