# shellcheck shell=bash
# bench/lib.sh: what the benchmark drivers (run.sh, run-wire.sh) share, sourced by both.
#
# Owns the comparison machinery, so that both tables are made the same way: the round
# count from --quick/--rounds, building the tools against the reference header, finding
# the two libraries, the launcher that puts a process on one of them, the check of the
# library a run mapped, the alternating rounds with their medians and ratio, and the
# Markdown table. A driver keeps only what it measures and how one run is started.
#
# Sets ROOT (the checkout) and out_dir (target/bench); the driver sets log_dir. Messages
# are prefixed with the driver's file name.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_dir="${ROOT}/target/bench"
bench_script="$(basename "$0")"

# bench_usage_error MESSAGE: a bad command line (exit status 2).
bench_usage_error() {
  echo "${bench_script}: $1" >&2
  exit 2
}

# bench_parse_args FULL_ROUNDS TAKES_FILTER ARGS...: the drivers' command line,
# `[--quick] [--rounds N]` and, if TAKES_FILTER is 1, `[REGEX]`. Sets quick (0/1),
# rounds (N; else 3 with --quick, else FULL_ROUNDS) and filter (REGEX or empty).
# --help prints the driver's header comment.
bench_parse_args() {
  local full_rounds="$1" takes_filter="$2"
  shift 2
  quick=0
  rounds=""
  filter=""
  while (($#)); do
    case "$1" in
      --quick) quick=1; shift ;;
      --rounds) (($# >= 2)) || bench_usage_error "--rounds needs a number"; rounds="$2"; shift 2 ;;
      -h | --help) sed -n '/^set -euo/q; 2,$p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
      -*) bench_usage_error "unknown argument $1" ;;
      *)
        ((takes_filter)) || bench_usage_error "unknown argument $1"
        filter="$1"
        shift
        ;;
    esac
  done
  if [[ -z "$rounds" ]]; then
    if ((quick)); then rounds=3; else rounds="$full_rounds"; fi
  fi
  [[ "$rounds" =~ ^[1-9][0-9]*$ ]] || bench_usage_error "bad round count '${rounds}'"
}

# bench_build PROGRAM...: compiles bench/PROGRAM.c into out_dir once, against the
# reference header. -lzmq resolves to the system libzmq.so at link time; what is recorded
# in the program is only the SONAME, libzmq.so.5. The shared headers define static
# helpers that not every tool uses, hence -Wno-unused-function.
bench_build() {
  local include_dir="${REFERENCE_INCLUDE:-/usr/include}" program
  for program in "$@"; do
    cc -O2 -std=c99 -Wall -Wextra -Werror -Wno-unused-function -I"$include_dir" \
      "${ROOT}/bench/${program}.c" -o "${out_dir}/${program}" -lzmq -lpthread
  done
}

# bench_find_libraries LINK_DIR PROBE: sets oxzmq_libdir, reference_library and
# oxzmq_library, and prints the two libraries. "oxzmq" is OXZMQ_LIBDIR, or
# target/release after a cargo build. A directory with a libzmq.so.5 is used as it is;
# for one with only cargo's libzmq.so the loader needs the SONAME, so LINK_DIR gets a
# libzmq.so.5 link to it. PROBE is a built tool: ldd on it says which file the reference
# side resolves to.
bench_find_libraries() {
  local link_dir="$1" probe="$2" given_libdir
  if [[ -n "${OXZMQ_LIBDIR:-}" ]]; then
    given_libdir="$(cd "$OXZMQ_LIBDIR" && pwd)"
  else
    (cd "$ROOT" && cargo build --release -p oxzmq-capi)
    given_libdir="${ROOT}/target/release"
  fi
  if [[ -e "${given_libdir}/libzmq.so.5" ]]; then
    oxzmq_libdir="$given_libdir"
  elif [[ -e "${given_libdir}/libzmq.so" ]]; then
    oxzmq_libdir="$link_dir"
    mkdir -p "$oxzmq_libdir"
    ln -sfn "$(readlink -f "${given_libdir}/libzmq.so")" "${oxzmq_libdir}/libzmq.so.5"
  else
    echo "${bench_script}: no libzmq.so.5 or libzmq.so in ${given_libdir}" >&2
    exit 1
  fi

  # The real file each side must map, as the loader resolves it.
  reference_library="$(readlink -f "$(env -u LD_LIBRARY_PATH ldd "$probe" | awk '/libzmq\.so\.5/ {print $3}')")"
  oxzmq_library="$(readlink -f "${oxzmq_libdir}/libzmq.so.5")"
  echo "reference: ${reference_library}"
  echo "oxzmq:     ${oxzmq_library}"
  if [[ "$reference_library" == "$oxzmq_library" ]]; then
    echo "(both sides are the same library: this run checks the machinery only)"
  fi
}

# bench_side SIDE: sets `launcher` (the command prefix that puts a process on SIDE's
# library, with EXPECT_LIB so the tool itself refuses to measure another one) and
# `expected` (that library's real path). The caller declares both local.
bench_side() {
  if [[ "$1" == reference ]]; then
    launcher=(env -u LD_LIBRARY_PATH EXPECT_LIB="$reference_library")
    expected="$reference_library"
  else
    launcher=(env LD_LIBRARY_PATH="$oxzmq_libdir" EXPECT_LIB="$oxzmq_library")
    expected="$oxzmq_library"
  fi
}

# bench_check_mapped SIDE LOG EXPECTED PROCESSES: stops the script unless LOG has one
# "library:" line for each of its PROCESSES, each naming EXPECTED. The tools check
# EXPECT_LIB themselves; this is the script's own look, so a tool that skipped its check
# cannot slip a figure from the wrong library into the table.
bench_check_mapped() {
  local side="$1" log="$2" expected="$3" processes="$4" mapped
  while read -r mapped; do
    if [[ "$(readlink -f "$mapped")" != "$expected" ]]; then
      echo "${bench_script}: ${side} run mapped '${mapped}', expected '${expected}'; see ${log}" >&2
      exit 1
    fi
  done < <(sed -n 's/^library: //p' "$log")
  [[ "$(grep -c '^library: ' "$log")" == "$processes" ]] || {
    echo "${bench_script}: a process of ${log} did not name its library" >&2
    exit 1
  }
}

# metric_of KIND LOG: the figure a run reports (msg/s for throughput, µs for latency).
metric_of() {
  case "$1" in
    thr) sed -n 's/^throughput: \([0-9.]*\) \[msg\/s\]$/\1/p' "$2" ;;
    lat) sed -n 's/^average roundtrip latency: \([0-9.]*\) \[us\]$/\1/p' "$2" ;;
  esac
}

# median VALUES...: the middle value (mean of the two middle ones for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# group_digits NUMBER: the number rounded to an integer, with thousands separators.
group_digits() {
  awk -v v="$1" 'BEGIN { s = sprintf("%.0f", v); out = "";
    while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
    print s out }'
}

# format KIND VALUE: a figure for the table.
format() {
  case "$1" in
    thr) echo "$(group_digits "$2") msg/s" ;;
    lat) awk -v v="$2" 'BEGIN { printf "%.2f µs\n", v }' ;;
  esac
}

# size_label BYTES: 8 B, 256 B, 1 KiB, 64 KiB.
size_label() {
  if (($1 >= 1024 && $1 % 1024 == 0)); then echo "$(($1 / 1024)) KiB"; else echo "$1 B"; fi
}

# What bench_compare gathers for bench_report: the runs that failed, the table's rows.
failed_runs=0
table_rows=()

# bench_compare KIND ROUNDS LOG_STEM LABEL SIZE_CELL RUNNER ARGS...: one benchmark,
# measured ROUNDS times on each side, alternating reference and oxzmq so that a change
# in machine load hits both alike. Each run is `RUNNER SIDE LOG ARGS...` (LOG is
# LOG_STEM-SIDE-ROUND.log), which fails if the run failed. Prints each round's figure,
# counts failures in failed_runs, and adds the row "LABEL | SIZE_CELL | medians | ratio"
# to table_rows.
bench_compare() {
  local kind="$1" rounds="$2" log_stem="$3" label="$4" size_cell="$5" runner="$6"
  shift 6
  local -a reference_values=() oxzmq_values=()
  local oxzmq_failed=0 round side log value
  for ((round = 1; round <= rounds; round++)); do
    for side in reference oxzmq; do
      # After oxzmq failed once its figure is void; the reference keeps running so the
      # table still shows what oxzmq is to be measured against.
      if [[ "$side" == oxzmq ]] && ((oxzmq_failed)); then
        continue
      fi
      log="${log_stem}-${side}-${round}.log"
      if "$runner" "$side" "$log" "$@"; then
        value="$(metric_of "$kind" "$log")"
        if [[ -z "$value" ]]; then
          echo "${bench_script}: no result in ${log}" >&2
          exit 1
        fi
        echo "  round ${round} ${side}: $(format "$kind" "$value")"
        if [[ "$side" == reference ]]; then reference_values+=("$value"); else oxzmq_values+=("$value"); fi
      else
        echo "  round ${round} ${side}: FAILED (see ${log}):"
        # Lines starting "==" are the driver's own notes in the log, not the tool's.
        sed -e '/^==/d' -e 's/^/    | /' "$log" | tail -n 5
        failed_runs=$((failed_runs + 1))
        [[ "$side" == oxzmq ]] && oxzmq_failed=1
      fi
    done
  done

  local reference_cell="failed" oxzmq_cell="failed" ratio_cell="n/a" reference_median oxzmq_median
  if ((${#reference_values[@]} == rounds)); then
    reference_median="$(median "${reference_values[@]}")"
    reference_cell="$(format "$kind" "$reference_median")"
  fi
  if ((!oxzmq_failed)) && ((${#oxzmq_values[@]} == rounds)); then
    oxzmq_median="$(median "${oxzmq_values[@]}")"
    oxzmq_cell="$(format "$kind" "$oxzmq_median")"
    if [[ "$reference_cell" != failed ]]; then
      ratio_cell="$(awk -v a="$oxzmq_median" -v b="$reference_median" 'BEGIN { printf "%.2f", a / b }')"
    fi
  fi
  table_rows+=("| ${label} | ${size_cell} | ${reference_cell} | ${oxzmq_cell} | ${ratio_cell} |")
}

# bench_report FILE ROUNDS PINNING: writes the table of table_rows to FILE, under a line
# that says how the runs were made (PINNING: where the processes ran), and prints it.
# Exits 1 if any run failed.
bench_report() {
  local file="$1" rounds="$2" pinning="$3"
  {
    echo "Medians of ${rounds} alternating runs, ${pinning} ($(date -u +%Y-%m-%d), $(nproc) CPUs: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1))."
    echo "Reference: \`${reference_library}\`; oxzmq: \`${oxzmq_library}\`. Ratio = oxzmq / reference."
    echo
    echo "| benchmark | message size × count | reference median | oxzmq median | ratio |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${table_rows[@]+"${table_rows[@]}"}"
  } >"$file"
  echo
  cat "$file"

  if ((failed_runs)); then
    echo
    echo "${bench_script}: ${failed_runs} run(s) failed; logs in ${log_dir}" >&2
    exit 1
  fi
}
