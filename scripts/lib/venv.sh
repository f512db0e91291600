# shellcheck shell=bash
#
# The scikit-learn virtual environment used by the parity and comparison scripts; it also
# holds the comparison scripts' other peers (datasketch for scripts/compare-talking-points,
# faiss-cpu for scripts/compare-similarity), pinned in scripts/requirements-compare.txt.
#
#   source scripts/lib/venv.sh
#   refrain_venv_ready   || ...     # true when the venv has exactly the pinned packages (no network)
#   refrain_pypi_reachable || ...   # quick check, 10-second timeout
#   refrain_ensure_venv             # create or update it; prints nothing on the fast path
#
# Paths are relative to the repository root; callers cd there first.

REFRAIN_VENV="scripts/.cache/venv"
REFRAIN_REQUIREMENTS="scripts/requirements-parity.txt"
# Every requirements file the venv is built from; the stamp is their concatenation.
REFRAIN_REQUIREMENT_FILES=("$REFRAIN_REQUIREMENTS" "scripts/requirements-compare.txt")
REFRAIN_VENV_STAMP="$REFRAIN_VENV/.refrain-requirements"

refrain_venv_python() { echo "$REFRAIN_VENV/bin/python"; }

# The venv exists, its python runs, and it was built from the current requirements files.
refrain_venv_ready() {
    [[ -x "$REFRAIN_VENV/bin/python" && -f "$REFRAIN_VENV_STAMP" ]] || return 1
    cat "${REFRAIN_REQUIREMENT_FILES[@]}" | cmp -s - "$REFRAIN_VENV_STAMP" || return 1
    "$REFRAIN_VENV/bin/python" -c 'import sklearn, datasketch, faiss' >/dev/null 2>&1
}

# Can pip see scikit-learn's pinned version? Asks the venv's own pip (Debian's python3
# may come without one), creating the bare venv first, which needs no network.
refrain_pypi_reachable() {
    local pinned listing
    [[ -x "$REFRAIN_VENV/bin/python" ]] || refrain_create_bare_venv || return 1
    pinned=$(sed -n 's/^scikit-learn==//p' "$REFRAIN_REQUIREMENTS")
    # Captured first: `pip ... | grep -q` would let grep's early exit kill pip with
    # SIGPIPE, which `set -o pipefail` in the callers turns into a false "unreachable".
    listing=$(timeout 60 "$REFRAIN_VENV/bin/python" -m pip index versions scikit-learn \
        --timeout 10 --retries 0 2>/dev/null) || return 1
    [[ "$listing" == *"$pinned"* ]]
}

refrain_create_bare_venv() {
    mkdir -p "$(dirname "$REFRAIN_VENV")"
    python3 -m venv "$REFRAIN_VENV"
}

refrain_ensure_venv() {
    if refrain_venv_ready; then
        return 0
    fi
    echo "venv: creating $REFRAIN_VENV from ${REFRAIN_REQUIREMENT_FILES[*]}"
    [[ -x "$REFRAIN_VENV/bin/python" ]] || refrain_create_bare_venv
    local requirements=() file
    for file in "${REFRAIN_REQUIREMENT_FILES[@]}"; do requirements+=(-r "$file"); done
    "$REFRAIN_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        --timeout 30 "${requirements[@]}"
    cat "${REFRAIN_REQUIREMENT_FILES[@]}" > "$REFRAIN_VENV_STAMP"
    echo "venv: ready ($("$REFRAIN_VENV/bin/python" -c 'import sklearn, datasketch; print("scikit-learn", sklearn.__version__ + ", datasketch", datasketch.__version__)'))"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    cd "$(dirname "${BASH_SOURCE[0]}")/../.."
    refrain_ensure_venv
    echo "venv: $REFRAIN_VENV/bin/python"
fi
