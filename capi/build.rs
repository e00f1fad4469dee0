//! Link `libzmq.so` the way libzmq 4.3.5 ships: SONAME `libzmq.so.5`, and exactly the
//! API functions of `exports.txt` visible, nothing else.
//!
//! `exports.txt` is the one list of exported functions. From it this script writes a
//! linker version script into `OUT_DIR` (`{ global: zmq_...; local: *; };`).
//!
//! What the script can and cannot do: rustc hands the linker a version script of its
//! own, naming every `#[no_mangle]` function of the crate graph as global, and a name
//! given explicitly there wins over our `local: *`. So the script cannot hide such a
//! function; that guard is `tests/header.rs` (every function the header declares must
//! be listed here) and `check-abi` on the built library. What it does: symbols nobody
//! names stay local, and a listed function that is missing fails the link (with lld;
//! GNU ld is lenient, and `check-abi` reports it there).

use std::collections::BTreeSet;
use std::env;
use std::fs;
use std::path::PathBuf;

/// The file holding the export list, relative to this crate.
const EXPORTS: &str = "exports.txt";

fn main() {
    println!("cargo:rerun-if-changed={EXPORTS}");
    println!("cargo:rerun-if-changed=build.rs");

    let list = fs::read_to_string(EXPORTS).unwrap_or_else(|e| panic!("reading {EXPORTS}: {e}"));
    let names = parse_exports(&list).unwrap_or_else(|e| panic!("{EXPORTS}: {e}"));

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let script = out_dir.join("libzmq.version");
    fs::write(&script, version_script(&names))
        .unwrap_or_else(|e| panic!("writing {}: {e}", script.display()));

    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libzmq.so.5");
    println!(
        "cargo:rustc-cdylib-link-arg=-Wl,--version-script={}",
        script.display()
    );
}

/// The function names of an export list: one a line, `#` comments and blank lines
/// skipped. Refuses anything that is not a C identifier, and duplicates, so a typo
/// cannot silently export nothing.
fn parse_exports(list: &str) -> Result<BTreeSet<&str>, String> {
    let mut names = BTreeSet::new();
    for (number, line) in list.lines().enumerate() {
        let name = line.trim();
        if name.is_empty() || name.starts_with('#') {
            continue;
        }
        let is_identifier = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !is_identifier {
            return Err(format!(
                "line {}: '{name}' is not a C identifier",
                number + 1
            ));
        }
        if !names.insert(name) {
            return Err(format!("line {}: '{name}' is listed twice", number + 1));
        }
    }
    if names.is_empty() {
        return Err("no function listed".to_string());
    }
    Ok(names)
}

/// A version script making `names` global and everything else local.
fn version_script(names: &BTreeSet<&str>) -> String {
    let mut script = String::from("{\n  global:\n");
    for name in names {
        script.push_str("    ");
        script.push_str(name);
        script.push_str(";\n");
    }
    script.push_str("  local:\n    *;\n};\n");
    script
}
