#!/usr/bin/env bash
# cmake/reference-prefix.sh DIR: a test prefix for the reference libzmq (Debian's 4.3.4).
#
# Debian's libzmq3-dev ships zmq.h, libzmq.so, libzmq.a and libzmq.pc, but no CMake
# package. To check the package machinery (cmake/CMakeLists.txt, run-package-test.sh,
# and our templates) against a libzmq known to work, this lays out DIR exactly as
# scripts/install does, with symbolic links to the system's files, and writes the same
# templates with the reference's version and static-link libraries.
#
# The reference is a test peer only: nothing here is installed with or linked into oxzmq.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=SCRIPTDIR/package-files.sh
source "${ROOT}/cmake/package-files.sh"

if (($# != 1)); then
  echo "usage: cmake/reference-prefix.sh DIR" >&2
  exit 2
fi
mkdir -p "$1"
prefix="$(cd "$1" && pwd)"

system_libdir="$(pkg-config --variable=libdir libzmq)"
system_includedir="$(pkg-config --variable=includedir libzmq)"
version="$(pkg-config --modversion libzmq)"
# libzmq.so.5 links to the real file (libzmq.so.5.2.4 for 4.3.4); keep its name.
shared_file="$(basename "$(readlink -f "${system_libdir}/libzmq.so.5")")"

# The reference's static archive is C++ and pulls in its optional transports and
# security libraries. Debian's libzmq.pc lists them, with one token that is a bare file
# name (libprotokit.a, from libnorm's .pc) that no linker line can use; only flags are kept.
libs_private=""
for flag in $(pkg-config --static --libs libzmq); do
  case "$flag" in
    -lzmq) ;;
    -l* | -L* | -pthread) libs_private+="${libs_private:+ }${flag}" ;;
  esac
done

mkdir -p "${prefix}/include" "${prefix}/lib"
for header in zmq.h zmq_utils.h; do
  ln -sfn "${system_includedir}/${header}" "${prefix}/include/${header}"
done
ln -sfn "$(readlink -f "${system_libdir}/libzmq.so.5")" "${prefix}/lib/${shared_file}"
ln -sfn "$shared_file" "${prefix}/lib/libzmq.so.5"
ln -sfn "$shared_file" "${prefix}/lib/libzmq.so"
ln -sfn "${system_libdir}/libzmq.a" "${prefix}/lib/libzmq.a"

write_package_files "$prefix" "$version" "$shared_file" \
  "reference libzmq ${version} (Debian, test prefix)" "$libs_private"

echo "reference-prefix: libzmq ${version} from ${system_libdir} laid out in ${prefix}"
