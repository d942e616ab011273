# Sourced by scripts/paperdesk and scripts/test: create or update .venv when the inputs change.
# torch is pinned to the CPU build through constraints.txt and installed first, so that pip
# never resolves sentence-transformers' torch requirement to a multi-GB CUDA build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PAPERDESK_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"

ensure_venv() {
  local extras="$1"
  if [ ! -x "$VENV/bin/python" ]; then
    echo "paperdesk: creating $VENV" >&2
    "$PYTHON" -m venv "$VENV"
  fi
  local want
  want="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -c1-16)-$extras"
  local stamp="$VENV/.paperdesk-installed"
  if [ ! -f "$stamp" ] || ! grep -qx -- "$want" "$stamp"; then
    echo "paperdesk: installing dependencies into $VENV (first run takes a few minutes)" >&2
    "$VENV/bin/python" -m pip install -q --upgrade pip >&2
    "$VENV/bin/python" -m pip install -q -c "$ROOT/constraints.txt" "torch==2.13.0" >&2
    "$VENV/bin/python" -m pip install -q -c "$ROOT/constraints.txt" -e "$ROOT$extras" >&2
    echo "$want" > "$stamp"
  fi
}
