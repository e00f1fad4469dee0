//! PROVISIONAL: sets the SONAME (the ABI helper adds the version script of exports).
fn main() {
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libzmq.so.5");
}
