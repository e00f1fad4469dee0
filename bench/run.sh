#!/usr/bin/env bash
# bench/run.sh: inproc throughput and latency, reference libzmq against oxzmq.
#
#   bench/run.sh [--quick] [--rounds N]
#
# Builds bench/inproc_thr.c and bench/inproc_lat.c once, against the reference header
# (/usr/include/zmq.h), so the very same binaries run on both libraries; only the
# dynamic loader's choice of libzmq.so.5 differs:
#   reference   LD_LIBRARY_PATH unset: the system's libzmq (Debian's 4.3.4)
#   oxzmq       LD_LIBRARY_PATH=<dir with oxzmq's libzmq.so.5>
# Runs alternate reference, oxzmq, reference, oxzmq... for N rounds (7; --quick: 3), so
# a change in machine load hits both sides alike, each pinned with taskset to two CPUs.
# Every run prints the library it mapped; a run on the wrong library stops the script.
# The machinery shared with run-wire.sh (build, libraries, rounds, table) is bench/lib.sh.
# Prints a Markdown table of medians (also written to target/bench/results.md);
# ratio = oxzmq / reference (throughput: higher is better; latency: lower is better).
#
# Environment:
#   OXZMQ_LIBDIR       directory whose libzmq.so.5 (or libzmq.so) is "oxzmq". Default:
#                      target/release, built first with cargo. Point it at
#                      /usr/lib/x86_64-linux-gnu to check the machinery (reference twice).
#   BENCH_CPUS         CPU list for taskset (default 0,1)
#   REFERENCE_INCLUDE  directory of the zmq.h the benchmarks compile against (/usr/include)
# Exit status: 0 if every run succeeded, 1 if any run failed (shown as "failed").
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
log_dir="${out_dir}/logs"

bench_parse_args 7 0 "$@"
cpus="${BENCH_CPUS:-0,1}"

# The benchmarks: name, program, message size, count (full run), count (--quick), metric.
benchmarks=(
  "inproc_thr|inproc_thr|8|10000000|1000000|thr"
  "inproc_thr|inproc_thr|1024|2000000|200000|thr"
  "inproc_lat|inproc_lat|8|100000|10000|lat"
)

mkdir -p "$out_dir" "$log_dir"
bench_build inproc_thr inproc_lat
bench_find_libraries "${out_dir}/oxzmq-lib" "${out_dir}/inproc_thr"

# run_once SIDE LOG PROGRAM ARGS...: runs one benchmark process on one side, checks the
# library it mapped, and prints its output. Fails if the process failed.
run_once() {
  local side="$1" log="$2"
  shift 2
  local -a launcher
  local expected
  bench_side "$side"
  # A run that hangs (a library bug) must not stall the whole comparison.
  if ! "${launcher[@]}" timeout 300 taskset -c "$cpus" "$@" >"$log" 2>&1; then
    return 1
  fi
  bench_check_mapped "$side" "$log" "$expected" 1
}

for spec in "${benchmarks[@]}"; do
  IFS='|' read -r name program size full_count quick_count kind <<<"$spec"
  count="$full_count"
  ((quick)) && count="$quick_count"
  echo
  echo "== ${name} ${size} B x ${count}, ${rounds} rounds"
  if [[ "$kind" == thr ]]; then label="${name} (throughput, higher is better)"; else label="${name} (round trip, lower is better)"; fi
  bench_compare "$kind" "$rounds" "${log_dir}/${name}-${size}" "$label" "${size} B × $(group_digits "$count")" \
    run_once "${out_dir}/${program}" "$size" "$count"
done

bench_report "${out_dir}/results.md" "$rounds" "pinned to CPUs ${cpus}"
