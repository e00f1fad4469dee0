#!/usr/bin/env bash
# cmake/run-package-test.sh: checks an install of oxzmq the way its users will meet it.
#
#   cmake/run-package-test.sh [--reference] [--build] [PREFIX]
#
# 1. Installs oxzmq into PREFIX (default: a temporary directory) with scripts/install,
#    reusing the existing release build unless --build is given or there is none.
# 2. Configures cmake/CMakeLists.txt with -DCMAKE_PREFIX_PATH=PREFIX, builds the examples,
#    the C tests and the static-link test, and runs them all with ctest.
# 3. With PKG_CONFIG_PATH=PREFIX/lib/pkgconfig: checks `pkg-config --modversion libzmq`
#    and compiles and runs examples-c/hello.c with `pkg-config --cflags --libs libzmq`.
# Every check runs even after one fails; the exit status is 0 only if all passed.
#
# --reference   lays out Debian's libzmq (cmake/reference-prefix.sh) instead of oxzmq, to
#               check this machinery against a library known to work. tests-c/test_hardening
#               is skipped there: it tests where oxzmq is meant to be stricter than libzmq.
# KEEP_TEMP=1   keeps the temporary prefix and build directory for inspection.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly OXZMQ_VERSION="4.3.5"

reference=0
force_build=0
prefix=""
while (($#)); do
  case "$1" in
    --reference) reference=1; shift ;;
    --build) force_build=1; shift ;;
    -h | --help) sed -n '4p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2; exit 2 ;;
    -*) echo "run-package-test: unknown option $1" >&2; exit 2 ;;
    *) prefix="$1"; shift ;;
  esac
done

work="$(mktemp -d "${TMPDIR:-/tmp}/oxzmq-package-test.XXXXXX")"
if [[ "${KEEP_TEMP:-0}" == 1 ]]; then
  echo "run-package-test: keeping ${work}"
else
  trap 'rm -rf "$work"' EXIT
fi
prefix="${prefix:-${work}/prefix}"
build_dir="${work}/build"

failures=0
# check NAME COMMAND...: runs one check, reports it, and counts it if it failed.
check() {
  local name="$1"
  shift
  echo
  echo "=== ${name}"
  if "$@"; then
    echo "--- PASS: ${name}"
  else
    echo "--- FAIL: ${name}"
    failures=$((failures + 1))
  fi
}

# 1. The prefix.
if ((reference)); then
  "${ROOT}/cmake/reference-prefix.sh" "$prefix"
  expected_version="$(pkg-config --modversion libzmq)"
  ctest_exclude=(-E '^test_hardening$')
else
  install_args=(--prefix "$prefix")
  if ((!force_build)) && [[ -f "${ROOT}/target/release/libzmq.so" && -f "${ROOT}/target/release/libzmq.a" ]]; then
    install_args+=(--no-build)
  fi
  "${ROOT}/scripts/install" "${install_args[@]}"
  expected_version="$OXZMQ_VERSION"
  ctest_exclude=()
fi
prefix="$(cd "$prefix" && pwd)"

# 2. CMake consumer: configure, build, run.
cmake_configure() {
  cmake -S "${ROOT}/cmake" -B "$build_dir" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Debug
}
cmake_build() {
  cmake --build "$build_dir" --parallel 2
}
ctest_run() {
  ctest --test-dir "$build_dir" --output-on-failure "${ctest_exclude[@]}"
}
check "cmake configure (find_package(ZeroMQ 4.3))" cmake_configure
if ((failures == 0)); then
  check "cmake build" cmake_build
  ((failures == 0)) && check "ctest" ctest_run
fi

# 3. pkg-config consumer.
export PKG_CONFIG_PATH="${prefix}/lib/pkgconfig${PKG_CONFIG_PATH:+:${PKG_CONFIG_PATH}}"
pkgconfig_version() {
  local version
  version="$(pkg-config --modversion libzmq)"
  echo "pkg-config --modversion libzmq: ${version} (expected ${expected_version})"
  [[ "$version" == "$expected_version" ]]
}
pkgconfig_hello() {
  local hello="${work}/hello_pkgconfig" loaded
  # Without it the compiler would quietly fall back to the system's /usr/include/zmq.h.
  if [[ ! -f "${prefix}/include/zmq.h" ]]; then
    echo "${prefix}/include/zmq.h is missing"
    return 1
  fi
  # shellcheck disable=SC2046 # pkg-config output is a list of separate flags
  cc -o "$hello" "${ROOT}/examples-c/hello.c" $(pkg-config --cflags --libs libzmq) || return 1
  # The loader must pick the installed libzmq.so.5, not the system's.
  loaded="$(LD_LIBRARY_PATH="${prefix}/lib" ldd "$hello" | grep 'libzmq\.so\.5')"
  echo "loaded:${loaded}"
  [[ "$loaded" == *"${prefix}/lib/libzmq.so.5 "* ]] || return 1
  LD_LIBRARY_PATH="${prefix}/lib" "$hello"
}
check "pkg-config version" pkgconfig_version
check "pkg-config build and run of hello.c" pkgconfig_hello

echo
if ((failures)); then
  echo "run-package-test: ${failures} check(s) FAILED (prefix ${prefix})"
  exit 1
fi
echo "run-package-test: all checks passed (prefix ${prefix})"
