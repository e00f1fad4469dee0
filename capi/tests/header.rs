//! `include/zmq.h` is generated: this test holds it to what cbindgen makes of `capi/`.
//!
//! It runs cbindgen with `capi/cbindgen.toml` and fails when the result differs from the
//! checked-in header; with `OXZMQ_BLESS=1` it writes the result instead. It also checks
//! that every function the header declares is in `exports.txt` (the linker can only
//! hide symbols rustc does not export itself, so a `#[no_mangle]` function missing from
//! that list would leak into the ABI), and that the header compiles as C and as C++,
//! with and without the draft API.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The command that rewrites the header, for failure messages.
const BLESS: &str = "OXZMQ_BLESS=1 cargo test -p oxzmq-capi --test header";

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn include_dir() -> PathBuf {
    crate_dir().join("..").join("include")
}

/// What cbindgen generates from `capi/` now.
fn generate() -> String {
    let dir = crate_dir();
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml"))
        .unwrap_or_else(|e| panic!("reading capi/cbindgen.toml: {e}"));
    let bindings = cbindgen::Builder::new()
        .with_crate(&dir)
        .with_config(config)
        .generate()
        .unwrap_or_else(|e| panic!("cbindgen failed on capi/: {e}"));
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("cbindgen writes UTF-8")
}

/// The first line where `a` and `b` differ, 1-based, with both versions of it.
fn first_difference(a: &str, b: &str) -> (usize, String, String) {
    let mut left = a.lines();
    let mut right = b.lines();
    let mut number = 1;
    loop {
        match (left.next(), right.next()) {
            (Some(x), Some(y)) if x == y => number += 1,
            (x, y) => {
                let show = |l: Option<&str>| l.unwrap_or("<end of file>").to_string();
                return (number, show(x), show(y));
            }
        }
    }
}

#[test]
fn checked_in_header_is_what_cbindgen_generates() {
    let generated = generate();
    let path = include_dir().join("zmq.h");
    if std::env::var_os("OXZMQ_BLESS").is_some() {
        fs::create_dir_all(include_dir()).expect("creating include/");
        fs::write(&path, &generated).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        return;
    }
    let checked_in = fs::read_to_string(&path).unwrap_or_default();
    if checked_in != generated {
        let (line, ours, theirs) = first_difference(&checked_in, &generated);
        panic!(
            "include/zmq.h is not what cbindgen generates from capi/ (first difference at \
             line {line}:\n  checked in: {ours}\n  generated:  {theirs}\n).\n\
             If the change to the C API is intended, regenerate the header with\n    {BLESS}\n\
             and review `git diff include/zmq.h` before committing it."
        );
    }
}

/// The names of the functions a generated header declares (`ZMQ_EXPORT` prototypes).
fn declared_functions(header: &str) -> BTreeSet<String> {
    // cbindgen writes each prototype as `ZMQ_EXPORT <type> name(` on one line, or
    // `ZMQ_EXPORT` alone followed by `<type> name(` when the prototype is long.
    let mut names = BTreeSet::new();
    let mut lines = header.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("ZMQ_EXPORT") else {
            continue;
        };
        let prototype = if rest.trim().is_empty() {
            lines.next().unwrap_or("")
        } else {
            rest
        };
        if let Some(before_paren) = prototype.split('(').next() {
            let name = before_paren.rsplit([' ', '*']).next().unwrap_or("");
            names.insert(name.to_string());
        }
    }
    names
}

fn exported_functions() -> BTreeSet<String> {
    let list = fs::read_to_string(crate_dir().join("exports.txt")).expect("reading exports.txt");
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_declared_function_is_exported() {
    let declared = declared_functions(&generate());
    assert!(
        declared.contains("zmq_proxy"),
        "parsed no prototype: {declared:?}"
    );
    let exported = exported_functions();
    let unlisted: Vec<_> = declared.difference(&exported).collect();
    assert!(
        unlisted.is_empty(),
        "functions declared in zmq.h but not listed in capi/exports.txt: {unlisted:?}. \
         Every extern \"C\" function of capi/ is part of the ABI; add it to the list only \
         if libzmq 4.3.5 has it."
    );
}

#[test]
fn every_exported_function_is_declared() {
    // A function written through a macro is exported but invisible to cbindgen, so a C
    // program would not see its prototype: every listed export must be in the header.
    let declared = declared_functions(&generate());
    let exported = exported_functions();
    let undeclared: Vec<_> = exported.difference(&declared).collect();
    assert!(
        undeclared.is_empty(),
        "functions listed in capi/exports.txt but missing from zmq.h: {undeclared:?}. \
         Write each as a plain `pub unsafe extern \"C\" fn` (cbindgen does not expand macros)."
    );
}

/// A C/C++ file using the header's types, macros and callback typedefs as C code does.
const PROBE: &str = "#include <zmq.h>\n\
    static void release(void *data, void *hint) { (void) data; (void) hint; }\n\
    static zmq_free_fn *release_ref = release;\n\
    int probe(void);\n\
    int probe(void) {\n\
    \x20   zmq_msg_t msg;\n\
    \x20   zmq_pollitem_t item = {0, 0, ZMQ_POLLIN, 0};\n\
    \x20   (void) msg; (void) item; (void) release_ref;\n\
    \x20   return zmq_proxy(0, 0, 0) + ZMQ_VERSION + ZMQ_IDENTITY + EFSM + ENOTSUP;\n\
    }\n";

/// Compile [`PROBE`] against the header in `include` with `compiler` and `flags`.
fn compiles(compiler: &str, include: &Path, source: &Path, flags: &[&str]) -> Result<(), String> {
    fs::write(source, PROBE).map_err(|e| e.to_string())?;
    let output = Command::new(compiler)
        .args(flags)
        .arg("-fsyntax-only")
        .arg("-I")
        .arg(include)
        .arg(source)
        .output()
        .map_err(|e| format!("running {compiler}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[test]
fn generated_header_compiles_cleanly_as_c_and_cpp() {
    let dir = std::env::temp_dir().join(format!("oxzmq-header-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("creating a temporary folder");
    fs::write(dir.join("zmq.h"), generate()).expect("writing the generated header");
    let strict = ["-Wall", "-Wextra", "-Werror", "-pedantic"];
    // zmq_ppoll (draft) names sigset_t, which <signal.h> declares only for POSIX code,
    // not under a bare -std=c99: as with libzmq's header, the includer asks for POSIX.
    let posix = "-D_POSIX_C_SOURCE=200809L";
    let runs: [(&str, &str, &[&str]); 4] = [
        ("cc", "probe.c", &["-std=c99"]),
        (
            "cc",
            "probe_draft.c",
            &["-std=c99", posix, "-DZMQ_BUILD_DRAFT_API"],
        ),
        ("c++", "probe.cpp", &["-std=c++11"]),
        (
            "c++",
            "probe_draft.cpp",
            &["-std=c++11", "-DZMQ_BUILD_DRAFT_API"],
        ),
    ];
    for (compiler, source, flags) in runs {
        let all: Vec<&str> = strict.iter().chain(flags).copied().collect();
        if let Err(errors) = compiles(compiler, &dir, &dir.join(source), &all) {
            panic!("{compiler} {all:?} fails on the generated zmq.h:\n{errors}");
        }
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn declared_functions_reads_both_prototype_layouts() {
    let header = "ZMQ_EXPORT int zmq_close(void *s);\n\
                  ZMQ_EXPORT\n\
                  const char *zmq_msg_gets(const struct zmq_msg_t *msg,\n";
    let names: Vec<_> = declared_functions(header).into_iter().collect();
    assert_eq!(names, ["zmq_close", "zmq_msg_gets"]);
}
