#!/bin/sh
# Builds the given CMake targets with one line of progress instead of the compiler's lines
# (`make demo`): on a terminal the percentage is rewritten in place, elsewhere (CI) it is printed at
# every tenth. On failure the whole build log is printed and the exit code is the build's.
#   scripts/build_quietly.sh BUILD_DIR JOBS TARGET...
set -u
build=$1
jobs=$2
shift 2
log="$build/build-quietly.log"
targets=""
for t in "$@"; do targets="$targets --target $t"; done
status_file="$build/build-quietly.status"
if [ -t 1 ]; then terminal=1; else terminal=0; fi
# shellcheck disable=SC2086
{ cmake --build "$build" -j "$jobs" $targets; echo $? > "$status_file"; } 2>&1 | tee "$log" |
    awk -v terminal="$terminal" '
        match($0, /^\[ *[0-9]+%\]/) {
            p = substr($0, RSTART + 1, RLENGTH - 3) + 0
            if (terminal) { printf "\rbuilding spillover: %3d%%", p; fflush() }
            else if (int(p / 10) > last) { last = int(p / 10); printf "building spillover: %d%%\n", p; fflush() }
        }
        END { if (terminal) printf "\rbuilding spillover: done\n" }'
status=$(cat "$status_file")
rm -f "$status_file"
if [ "$status" -ne 0 ]; then
    cat "$log" >&2
    echo "build failed (log: $log)" >&2
fi
exit "$status"
