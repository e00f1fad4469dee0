# shellcheck shell=bash
# cmake/package-files.sh: writes the package metadata of an installed libzmq prefix.
#
# Sourced (not run) by scripts/install and cmake/reference-prefix.sh, so the oxzmq
# install and the reference test prefix get their pkg-config and CMake files from the
# same templates in this folder. It owns the template substitution and nothing else:
# copying headers and libraries is the caller's job.

# The folder holding this file and the templates.
PACKAGE_TEMPLATES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# render_template TEMPLATE OUTPUT NAME=VALUE...
# Writes TEMPLATE to OUTPUT with every @NAME@ replaced by VALUE. Fails if a placeholder
# is left over, so a template and its caller cannot silently drift apart.
render_template() {
  local template="$1" output="$2"
  shift 2
  local text pair name value
  text="$(<"$template")"
  for pair in "$@"; do
    name="${pair%%=*}"
    value="${pair#*=}"
    # Quoting the replacement keeps `&` literal under bash 5.2's patsub_replacement.
    text="${text//"@${name}@"/"${value}"}"
  done
  if [[ "$text" =~ @[A-Z_]+@ ]]; then
    echo "render_template: ${template}: placeholder ${BASH_REMATCH[0]} has no value" >&2
    return 1
  fi
  # Write beside the target and rename, so a reader never sees a half-written file.
  printf '%s\n' "$text" >"${output}.tmp"
  mv -f "${output}.tmp" "$output"
}

# write_package_files PREFIX VERSION SHARED_LIBRARY_FILE DESCRIPTION LIBS_PRIVATE
# Writes PREFIX/lib/pkgconfig/libzmq.pc and PREFIX/lib/cmake/ZeroMQ/ZeroMQConfig*.cmake.
# SHARED_LIBRARY_FILE is the real file's name in PREFIX/lib (libzmq.so.5.2.5);
# LIBS_PRIVATE the space-separated linker flags a static link needs (-lpthread ...).
write_package_files() {
  local prefix="$1" version="$2" shared_file="$3" description="$4" libs_private="$5"
  local cmake_dir="${prefix}/lib/cmake/ZeroMQ"
  mkdir -p "${prefix}/lib/pkgconfig" "$cmake_dir"

  # CMake wants a ;-list; `-lfoo` items are passed to the linker as they are.
  local -a private_items
  read -r -a private_items <<<"$libs_private"
  local libs_private_cmake
  libs_private_cmake="$(IFS=';'; printf '%s' "${private_items[*]}")"

  render_template "${PACKAGE_TEMPLATES_DIR}/libzmq.pc.in" \
    "${prefix}/lib/pkgconfig/libzmq.pc" \
    "PREFIX=${prefix}" "VERSION=${version}" "DESCRIPTION=${description}" \
    "LIBS_PRIVATE=${libs_private}"
  render_template "${PACKAGE_TEMPLATES_DIR}/ZeroMQConfig.cmake.in" \
    "${cmake_dir}/ZeroMQConfig.cmake" \
    "VERSION=${version}" "DESCRIPTION=${description}" \
    "SHARED_LIBRARY_FILE=${shared_file}" "LIBS_PRIVATE_CMAKE=${libs_private_cmake}"
  render_template "${PACKAGE_TEMPLATES_DIR}/ZeroMQConfigVersion.cmake.in" \
    "${cmake_dir}/ZeroMQConfigVersion.cmake" \
    "VERSION=${version}"
}

# native_static_libs_recorded
# Prints the recorded list of system libraries a static link of oxzmq's libzmq.a needs
# (the one non-comment line of native-static-libs.txt).
native_static_libs_recorded() {
  grep -v -e '^#' -e '^[[:space:]]*$' "${PACKAGE_TEMPLATES_DIR}/native-static-libs.txt" | head -n 1
}
