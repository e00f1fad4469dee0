#!/usr/bin/env bash
# tests-interop/run.sh - oxzmq against the reference libzmq, in separate processes.
#
#   tests-interop/run.sh [--reference-only] [--list] [REGEX]
#
# Builds tests-interop/peer*.c once, against the reference header (/usr/include/zmq.h),
# into target/interop/peer. Every scenario runs two or three peer processes, each on a
# library chosen with LD_LIBRARY_PATH and checked by the peer itself (EXPECT_LIB): over
# tcp (127.0.0.1, ephemeral ports) and ipc (files in a temporary directory), once with
# the reference binding and oxzmq connecting and once the other way round.
#
#   --reference-only  the reference on both sides: validates the suite itself
#   --list            prints the scenario names and exits
#   REGEX             runs only the scenarios whose name matches (bash =~)
#
# Environment:
#   OXZMQ_LIBDIR      directory of oxzmq's libzmq.so (default target/release; build it
#                     with cargo build --release first). A directory holding only a
#                     libzmq.so.5 works too.
#   REFERENCE_LIBDIR  directory of the reference libzmq.so.5 (default Debian's,
#                     /usr/lib/x86_64-linux-gnu)
#   REFERENCE_INCLUDE directory of the zmq.h the peer is built against (/usr/include)
#   INTEROP_TIMEOUT   seconds per scenario (default 60)
#   CC                the C compiler (default cc)
#
# Logs: target/interop/logs/NNN.log, one per scenario (every line each peer printed,
# every command it got, its stderr). The last line printed is "N passed, M failed";
# the exit status is 0 only if M is 0.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
here="$root/tests-interop"

reference_only=0
list_only=0
filter=""
for arg in "$@"; do
    case "$arg" in
    --reference-only) reference_only=1 ;;
    --list) list_only=1 ;;
    -h | --help)
        sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    -*)
        echo "run.sh: unknown option $arg" >&2
        exit 2
        ;;
    *) filter=$arg ;;
    esac
done

out="$root/target/interop"
log_dir="$out/logs"
peer_bin="$out/peer"
scenario_timeout=${INTEROP_TIMEOUT:-60}
# A peer gives up on a receive or send after this; kept under the scenario timeout so
# that a lost message fails with the peer's own explanation.
peer_timeout_ms=$((scenario_timeout * 1000 / 3))

# The peer, built once against the reference header; -lzmq records only the SONAME.
if ((!list_only)); then
    mkdir -p "$out"
    rm -rf "$log_dir"
    mkdir -p "$log_dir"
    if ! "${CC:-cc}" -std=c99 -O2 -Wall -Wextra -Werror -I"${REFERENCE_INCLUDE:-/usr/include}" \
        "$here"/peer*.c -o "$peer_bin" -lzmq >"$log_dir/build.log" 2>&1; then
        cat "$log_dir/build.log"
        echo "run.sh: the peer does not build"
        echo "0 passed, 1 failed"
        exit 1
    fi
fi

# The libraries: directories for LD_LIBRARY_PATH and the real file each must map.
declare -A LIB_DIR=() LIB_FILE=()
reference_dir=${REFERENCE_LIBDIR:-/usr/lib/x86_64-linux-gnu}
if [[ ! -e "$reference_dir/libzmq.so.5" ]]; then
    echo "run.sh: no reference libzmq.so.5 in $reference_dir" >&2
    exit 2
fi
LIB_DIR[ref]=$reference_dir
LIB_FILE[ref]=$(realpath "$reference_dir/libzmq.so.5")
if ((reference_only)); then
    lib_pairs=("ref ref")
else
    oxzmq_dir=${OXZMQ_LIBDIR:-target/release}
    case "$oxzmq_dir" in /*) ;; *) oxzmq_dir="$root/$oxzmq_dir" ;; esac
    if [[ -e "$oxzmq_dir/libzmq.so" ]]; then
        oxzmq_file=$(realpath "$oxzmq_dir/libzmq.so")
    elif [[ -e "$oxzmq_dir/libzmq.so.5" ]]; then
        oxzmq_file=$(realpath "$oxzmq_dir/libzmq.so.5")
    else
        echo "run.sh: no libzmq.so in $oxzmq_dir (cargo build --release first)" >&2
        exit 2
    fi
    # The loader looks for the SONAME, libzmq.so.5, which cargo does not write.
    mkdir -p "$out/lib"
    ln -sfn "$oxzmq_file" "$out/lib/libzmq.so.5"
    LIB_DIR[oxzmq]="$out/lib"
    LIB_FILE[oxzmq]=$oxzmq_file
    lib_pairs=("ref oxzmq" "oxzmq ref")
fi

# shellcheck source=tests-interop/procs.sh
source "$here/procs.sh"
# shellcheck source=tests-interop/scenarios.sh
source "$here/scenarios.sh"

# A peer that has gone must not kill the driver when it writes a command.
trap '' PIPE
work=$(mktemp -d /tmp/oxzmq-interop.XXXXXX)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
failures=()
scenario_number=0
scenario_dir=""
scenario_log=/dev/null
deadline_ms=0

# run_scenario LABEL FUNCTION ARGS...: runs one scenario and prints its result line.
run_scenario() {
    local label=$1 status start elapsed
    shift
    if [[ -n $filter && ! $label =~ $filter ]]; then
        return 0
    fi
    if ((list_only)); then
        echo "$label"
        return 0
    fi
    scenario_number=$((scenario_number + 1))
    scenario_dir="$work/$scenario_number"
    mkdir -p "$scenario_dir"
    scenario_log=$(printf '%s/%03d.log' "$log_dir" "$scenario_number")
    echo "# $label" >"$scenario_log"
    start=$(now_ms)
    deadline_ms=$((start + scenario_timeout * 1000))
    NOTE=""
    EP=""
    proc_reset
    "$@"
    status=$?
    proc_cleanup
    rm -rf "$scenario_dir"
    elapsed=$(($(now_ms) - start))
    if ((status == 0)); then
        passed=$((passed + 1))
        printf 'ok      %-84s %6d ms%s\n' "$label" "$elapsed" "${NOTE:+  ($NOTE)}"
    else
        failed=$((failed + 1))
        failures+=("$label")
        printf 'FAILED  %-84s %6d ms  (log: %s)\n' "$label" "$elapsed" "${scenario_log#"$root"/}"
        tail -n 25 "$scenario_log" | sed 's/^/        /'
    fi
}

# run_both_ways TITLE FUNCTION ROLES ROLES: runs scenario FUNCTION with each of the two
# role arrangements it takes (which peer binds), between the libraries of the current
# pair ($binder binds, $connector connects) over $transport.
run_both_ways() {
    local title=$1 function=$2 roles
    for roles in "$3" "$4"; do
        run_scenario "$transport $title, $roles $sides" "$function" "$binder" "$connector" "$roles"
    done
}

if ((!list_only)); then
    echo "reference: ${LIB_FILE[ref]}"
    if ((reference_only)); then
        echo "oxzmq:     (not used: --reference-only)"
    else
        echo "oxzmq:     ${LIB_FILE[oxzmq]}"
        if [[ ${LIB_FILE[ref]} == "${LIB_FILE[oxzmq]}" ]]; then
            echo "(both sides are the same library: this run checks the suite only)"
        fi
    fi
fi

for transport in tcp ipc; do
    peer_hold_open=0
    [[ $transport == ipc ]] && peer_hold_open=1
    for pair in "${lib_pairs[@]}"; do
        read -r binder connector <<<"$pair"
        sides="[$binder binds, $connector connects]"
        run_both_ways "pair round trips" sc_pair ping-binds echo-binds
        run_both_ways "monitor of a pair" sc_monitor monitor-binds monitor-connects
        for roles in pull-binds push-binds; do
            run_scenario "$transport push/pull 1 B x $STREAM_COUNT, $roles $sides" \
                sc_pushpull "$binder" "$connector" "$roles" 1 "$STREAM_COUNT"
            run_scenario "$transport push/pull 1 KiB x $STREAM_COUNT, $roles $sides" \
                sc_pushpull "$binder" "$connector" "$roles" 1024 "$STREAM_COUNT"
            run_scenario "$transport push/pull 1 MiB x $LARGE_COUNT, $roles $sides" \
                sc_pushpull "$binder" "$connector" "$roles" 1048576 "$LARGE_COUNT"
        done
        run_both_ways "multipart" sc_multipart recv-binds send-binds
        run_both_ways "restart" sc_restart receiver-binds receiver-connects
        run_both_ways "heartbeat quiet period" sc_hb_quiet hb-on-binder hb-on-connector
        for mechanism in timeout ttl; do
            for roles in watcher-binds watcher-connects; do
                run_scenario "$transport heartbeat $mechanism drops stopped peer, $roles $sides" \
                    sc_hb_drop "$binder" "$connector" "$mechanism" "$roles"
            done
        done
        run_both_ways "maxmsgsize" sc_maxmsg receiver-binds receiver-connects
    done
done

((list_only)) && exit 0
echo
echo "tests-interop: reference ${LIB_FILE[ref]}${LIB_FILE[oxzmq]:+, oxzmq ${LIB_FILE[oxzmq]}}"
for f in "${failures[@]+"${failures[@]}"}"; do echo "failed: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
