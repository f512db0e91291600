# shellcheck shell=bash
#
# System dependencies of Refrain and its scripts, shared by scripts/setup and scripts/test.
#
#   source scripts/lib/deps.sh && refrain_install_deps   # from another script
#   bash scripts/lib/deps.sh                             # on its own
#
# The check is one dpkg-query call, so it is cheap when everything is present;
# `apt-get update` runs only when something has to be installed.

# Debian packages, by role:
#   libblas-dev liblapack-dev liblapacke-dev  headers and generic libraries the CBLAS module links
#   libopenblas-dev                           the fast provider Debian's alternatives then select
#   hyperfine time                            timing and peak-RSS measurements (scripts/compare-tfidf)
#   wamerican                                 /usr/share/dict/words for scripts/make-news-corpus
#   python3 python3-venv                      the scikit-learn venv (scripts/lib/venv.sh)
#   chromium                                  headless browser for the HTML report test and scripts/screenshot-report
REFRAIN_APT_PACKAGES=(
    libblas-dev liblapack-dev liblapacke-dev libopenblas-dev
    hyperfine time
    wamerican
    python3 python3-venv
    chromium
)

# Prints the packages of REFRAIN_APT_PACKAGES that are not installed, one a line.
refrain_missing_deps() {
    local package status
    for package in "${REFRAIN_APT_PACKAGES[@]}"; do
        status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
        [[ "$status" == "install ok installed" ]] || echo "$package"
    done
}

refrain_install_deps() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "deps: not a Debian-like system; install the equivalents of: ${REFRAIN_APT_PACKAGES[*]}" >&2
        return 0
    fi
    local missing
    mapfile -t missing < <(refrain_missing_deps)
    if ((${#missing[@]} == 0)); then
        echo "deps: all Debian packages present (${REFRAIN_APT_PACKAGES[*]})"
        return 0
    fi
    echo "deps: installing ${missing[*]}"
    local sudo=()
    if ((EUID != 0)); then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "deps: need root (or sudo) to install: ${missing[*]}" >&2
            return 1
        fi
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    refrain_install_deps
fi
