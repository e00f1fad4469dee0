#!/usr/bin/env bash
# bench/run-wire.sh: tcp and ipc throughput and latency, reference libzmq against oxzmq.
#
#   bench/run-wire.sh [--quick] [--rounds N] [REGEX]
#
# Builds bench/local_thr.c, remote_thr.c, local_lat.c and remote_lat.c once, against
# the reference header (/usr/include/zmq.h), so the very same binaries run on both
# libraries; only the dynamic loader's choice of libzmq.so.5 differs:
#   reference   LD_LIBRARY_PATH unset: the system's libzmq (Debian's 4.3.4)
#   oxzmq       LD_LIBRARY_PATH=<dir with oxzmq's libzmq.so.5>
# In a run both processes use the same library. Runs alternate reference, oxzmq,
# reference, oxzmq... for N rounds (5; --quick: 3, with a tenth of the counts), so a
# change in machine load hits both sides alike. The binding process (local_*) is
# pinned to one CPU and the connecting one (remote_*) to another, with taskset. Every
# process checks the library it mapped against EXPECT_LIB before it measures, and the
# script checks the "library:" line each prints. REGEX keeps only the benchmarks whose
# name ("tcp thr 8 B"...) matches.
#
# Throughput: remote_thr (PUSH, connects) sends to local_thr (PULL, binds), which
# times from its first message to its last. Latency: remote_lat (PAIR, connects) times
# round trips through local_lat (PAIR, binds, echoes); libzmq's tools use REQ/REP,
# which oxzmq does not have yet. Messages of 8 B, 256 B, 1 KiB and 64 KiB, over
# tcp://127.0.0.1 (port chosen by the system) and ipc (a socket file in a temporary
# directory).
#
# Prints a Markdown table of medians (also written to target/bench/wire-results.md;
# every run's output is in target/bench/wire-logs/); ratio = oxzmq / reference
# (throughput: higher is better; latency: lower is better). The machinery shared with
# run.sh (build, libraries, rounds, table) is bench/lib.sh.
#
# Environment:
#   OXZMQ_LIBDIR       directory whose libzmq.so.5 (or libzmq.so) is "oxzmq". Default:
#                      target/release, built first with cargo. Point it at
#                      /usr/lib/x86_64-linux-gnu to check the machinery (reference twice).
#   BENCH_CPU_LOCAL    CPU for the binding process (default 0)
#   BENCH_CPU_REMOTE   CPU for the connecting process (default 1)
#   REFERENCE_INCLUDE  directory of the zmq.h the benchmarks compile against (/usr/include)
# Exit status: 0 if every run succeeded, 1 if any run failed (shown as "failed").
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
log_dir="${out_dir}/wire-logs"

bench_parse_args 5 1 "$@"
cpu_local="${BENCH_CPU_LOCAL:-0}"
cpu_remote="${BENCH_CPU_REMOTE:-1}"

# The benchmarks: kind (thr/lat), message size, count (full run). --quick divides the
# counts by ten. Each full run takes 0.3-4 s on the 2-CPU development machine (the
# whole script about 2-3 minutes); --quick about 15 s.
sizes_and_counts=(
  "thr|8|2000000"
  "thr|256|1000000"
  "thr|1024|500000"
  "thr|65536|20000"
  "lat|8|10000"
  "lat|256|10000"
  "lat|1024|10000"
  "lat|65536|5000"
)

mkdir -p "$out_dir"
rm -rf "$log_dir"
mkdir -p "$log_dir"
bench_build local_thr remote_thr local_lat remote_lat
bench_find_libraries "${out_dir}/wire-oxzmq-lib" "${out_dir}/local_thr"

work="$(mktemp -d /tmp/oxzmq-bench.XXXXXX)"
local_pid=""
# On any exit, end the binding process if one is still up (by its own pid).
trap '[[ -n "$local_pid" ]] && kill "$local_pid" 2>/dev/null; rm -rf "$work"' EXIT
run_number=0

# run_pair SIDE LOG KIND TRANSPORT SIZE COUNT: one measurement: local_KIND binds on CPU
# cpu_local and prints its endpoint, remote_KIND connects to it on CPU cpu_remote. Both
# outputs go to LOG. Fails if either process failed or mapped the wrong library.
run_pair() {
  local side="$1" log="$2" kind="$3" transport="$4" size="$5" count="$6"
  local -a launcher
  local expected fd hold_fd line endpoint="" status=0 remote_status=0 remote_pid first first_status
  bench_side "$side"
  run_number=$((run_number + 1))
  local bind_to local_out="${work}/local-${run_number}.out" hold="${work}/hold-${run_number}"
  local remote_log="${work}/remote-${run_number}.log"
  case "$transport" in
    tcp) bind_to="tcp://127.0.0.1:*" ;;
    ipc) bind_to="ipc://${work}/run-${run_number}.ipc" ;;
  esac
  mkfifo "$local_out" "$hold"
  # A run that hangs (a library bug) must not stall the whole comparison.
  "${launcher[@]}" taskset -c "$cpu_local" timeout 300 \
    "${out_dir}/local_${kind}" "$bind_to" "$size" "$count" >"$local_out" 2>&1 &
  local_pid=$!
  exec {fd}<"$local_out"
  # The binding process says where it is; that line is the only synchronisation.
  while IFS= read -r -t 30 -u "$fd" line; do
    echo "$line" >>"$log"
    if [[ "$line" == "endpoint: "* ]]; then
      endpoint="${line#endpoint: }"
      break
    fi
  done
  if [[ -n "$endpoint" ]]; then
    # remote_thr keeps its socket until we close its stdin (see remote_thr.c), which
    # we do once local_thr has everything.
    "${launcher[@]}" REMOTE_THR_HOLD=1 taskset -c "$cpu_remote" timeout 300 \
      "${out_dir}/remote_${kind}" "$endpoint" "$size" "$count" <"$hold" >"$remote_log" 2>&1 &
    remote_pid=$!
    exec {hold_fd}>"$hold"
    first_status=0
    wait -n -p first "$local_pid" "$remote_pid" || first_status=$?
    if [[ "$first" == "$remote_pid" ]]; then
      # remote_lat ends first when all went well; a failed remote leaves the binding
      # process waiting for messages until its timeout, so it goes too.
      remote_status=$first_status
      ((remote_status == 0)) || kill "$local_pid" 2>/dev/null || true
      wait "$local_pid" || status=$?
      exec {hold_fd}>&-
    else
      status=$first_status
      exec {hold_fd}>&-
      wait "$remote_pid" || remote_status=$?
    fi
  else
    wait "$local_pid" || status=$?
  fi
  local_pid=""
  cat <&"$fd" >>"$log" || true
  exec {fd}<&-
  echo "== local_${kind} exit status ${status}" >>"$log"
  if [[ -n "$endpoint" ]]; then
    cat "$remote_log" >>"$log"
    echo "== remote_${kind} exit status ${remote_status}" >>"$log"
  fi
  [[ -n "$endpoint" ]] && ((status == 0 && remote_status == 0)) || return 1
  bench_check_mapped "$side" "$log" "$expected" 2
}

for transport in tcp ipc; do
  for spec in "${sizes_and_counts[@]}"; do
    IFS='|' read -r kind size count <<<"$spec"
    ((quick)) && count=$((count / 10))
    name="${transport} ${kind} $(size_label "$size")"
    [[ -z "$filter" || "$name" =~ $filter ]] || continue
    echo
    echo "== ${name} x ${count}, ${rounds} rounds"
    if [[ "$kind" == thr ]]; then
      label="${transport} PUSH→PULL throughput (higher is better)"
    else
      label="${transport} PAIR round trip (lower is better)"
    fi
    bench_compare "$kind" "$rounds" "${log_dir}/${transport}-${kind}-${size}" "$label" \
      "$(size_label "$size") × $(group_digits "$count")" run_pair "$kind" "$transport" "$size" "$count"
  done
done

bench_report "${out_dir}/wire-results.md" "$rounds" \
  "binding process on CPU ${cpu_local}, connecting process on CPU ${cpu_remote}"
