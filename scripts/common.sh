# Shared set-up for scripts/example, scripts/check and .ci/run (sourced, not run).
# Installs what is missing (as root), bootstraps and configures once, builds.
set -eu

LQ_TOP=$(cd "$(dirname "$0")/.." && pwd)
LQ_BUILD=${LQ_BUILD:-$LQ_TOP/_build}

# Debian packages needed to build, test and run everything.
LQ_PACKAGES="build-essential autoconf automake libtool autoconf-archive pkg-config \
libutf8proc-dev check libjansson-dev unicode-data bzip2 valgrind \
swig python3-dev python3-pytest python3-dask python3-distributed"

lq_ensure_packages() {
    missing=""
    for p in $LQ_PACKAGES "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        echo "== installing:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq $missing >/dev/null
    else
        echo "Missing Debian packages. Run as root:" >&2
        echo "  apt-get update && apt-get install -y$missing" >&2
        exit 1
    fi
}

# The interpreter the Python bindings are built for and tested with: Debian's,
# so that Debian's python3-* test packages load.
LQ_PYTHON=${PYTHON:-/usr/bin/python3}

lq_configure() {
    # $@: extra configure arguments
    cd "$LQ_TOP"
    stale=$(find . -path ./_build\* -prune -o \( -name Makefile.am -o -name configure.ac -o -name '*.m4' \) \
        -newer configure -print 2>/dev/null | grep -v '^\./m4/l' | head -n 1 || true)
    if [ ! -x configure ] || [ -n "$stale" ]; then
        echo "== autoreconf"
        autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
    fi
    mkdir -p "$LQ_BUILD"
    cd "$LQ_BUILD"
    want="$*"
    if [ ! -f Makefile ] || [ ! -f .lq-configured ] || [ "$(cat .lq-configured)" != "$want" ] \
        || [ "$LQ_TOP/configure" -nt Makefile ]; then
        echo "== configure $want"
        "$LQ_TOP/configure" -q PYTHON="$LQ_PYTHON" "$@"
        echo "$want" > .lq-configured
    fi
}

lq_build() {
    cd "$LQ_BUILD"
    echo "== make"
    make -s -j"$(nproc)" >/dev/null
}

# Print every test log so the counts reach the output, then one total line.
lq_print_test_logs() {
    dir=$1
    passed=0; failed=0; skipped=0
    for log in "$dir"/tests/*.log "$dir"/bindings/python/*.log; do
        [ -f "$log" ] || continue
        case "$log" in */test-suite.log) continue ;; esac
        echo "---- ${log#"$dir"/}"
        cat "$log"
        # Check: "100%: Checks: N, Failures: F, Errors: E"
        line=$(grep -E '^[0-9]+%: Checks: [0-9]+' "$log" | tail -n 1 || true)
        if [ -n "$line" ]; then
            n=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2 \3/')
            set -- $n
            passed=$((passed + $1 - $2 - $3)); failed=$((failed + $2 + $3))
            continue
        fi
        # Other tests end with "N passed, N failed[, N skipped]"
        line=$(grep -E '([0-9]+) passed, ([0-9]+) failed' "$log" | tail -n 1 || true)
        if [ -n "$line" ]; then
            p=$(echo "$line" | sed -E 's/.*[^0-9]?([0-9]+) passed.*/\1/; s/^([0-9]+) passed.*/\1/')
            p=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
            f=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
            s=$(echo "$line" | grep -oE '[0-9]+ skipped' | grep -oE '[0-9]+' || echo 0)
            passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${s:-0}))
        fi
    done
    LQ_TOTAL_LINE="$passed passed, $failed failed, $skipped skipped"
}
