//! The C surface of `capi/`, read from its Rust sources: the constants, the `zmq_*`
//! types and the exported functions, as they are compiled with the draft feature on.
//!
//! ctest checks items *declared* in `extern` blocks against a header, but capi *defines*
//! its functions. So the build script reads capi's sources with `syn`, keeps the items
//! that form the ABI, and renders them (`render.rs`) as a self-contained file that
//! ctest can parse; the generated tests then name capi's real items.

use std::fs;
use std::path::{Path, PathBuf};

/// A `pub const` of capi.
#[derive(Debug, Clone)]
pub struct Constant {
    /// The constant's name.
    pub name: String,
    /// The public module path it is reachable at, e.g. `["constants"]`.
    pub module: Vec<String>,
    /// Its Rust type, paths reduced to their last segment.
    pub ty: syn::Type,
    /// Its value expression, paths reduced to their last segment.
    pub value: syn::Expr,
    /// Whether it is a C string (`&CStr`), which ctest compares as `*const c_char`.
    pub is_c_string: bool,
}

/// A `pub type zmq_*` alias of capi.
#[derive(Debug, Clone)]
pub struct Alias {
    /// The alias's name.
    pub name: String,
    /// The public module path it is reachable at.
    pub module: Vec<String>,
    /// What it stands for, paths reduced to their last segment.
    pub ty: syn::Type,
}

/// A `pub struct zmq_*` of capi.
#[derive(Debug, Clone)]
pub struct Structure {
    /// The public module path it is reachable at.
    pub module: Vec<String>,
    /// The struct, attributes other than `repr` removed, paths reduced.
    pub item: syn::ItemStruct,
    /// The C names of its fields, from a `cbindgen:field-names=[...]` doc line, in
    /// field order; empty when the C names are the Rust names.
    pub c_field_names: Vec<String>,
}

/// An exported (`#[no_mangle] extern "C"`) function of capi.
#[derive(Debug, Clone)]
pub struct Function {
    /// The exported name.
    pub name: String,
    /// The public module path it is reachable at.
    pub module: Vec<String>,
    /// Parameter types, paths reduced to their last segment.
    pub params: Vec<syn::Type>,
    /// Return type; `None` for `()`.
    pub output: Option<syn::Type>,
}

/// Everything of capi's C surface.
#[derive(Debug, Default)]
pub struct Surface {
    /// Constants, in source order.
    pub constants: Vec<Constant>,
    /// `zmq_*` type aliases.
    pub aliases: Vec<Alias>,
    /// `zmq_*` structs.
    pub structs: Vec<Structure>,
    /// Exported functions.
    pub functions: Vec<Function>,
}

impl Surface {
    /// Read the crate whose root module is `lib_rs`, following `mod name;` declarations.
    pub fn read_crate(lib_rs: &Path) -> Result<Surface, String> {
        let mut surface = Surface::default();
        surface.read_module_file(lib_rs, &module_dir(lib_rs, true), &[])?;
        Ok(surface)
    }

    /// The files read, for `cargo:rerun-if-changed`.
    pub fn source_files(lib_rs: &Path) -> Result<Vec<PathBuf>, String> {
        let mut files = Vec::new();
        collect_files(lib_rs, &module_dir(lib_rs, true), &mut files)?;
        Ok(files)
    }

    fn read_module_file(
        &mut self,
        path: &Path,
        dir: &Path,
        module: &[String],
    ) -> Result<(), String> {
        let file = parse_file(path)?;
        self.read_items(&file.items, dir, module)
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Read `items` of the module reachable as `module`. A private child module is
    /// taken to be re-exported by its parent (`mod general; pub use general::*;`), so
    /// its items keep the parent's path; a wrong guess fails the tests' compilation.
    fn read_items(
        &mut self,
        items: &[syn::Item],
        dir: &Path,
        module: &[String],
    ) -> Result<(), String> {
        let module_vec = module.to_vec();
        for item in items {
            match item {
                syn::Item::Mod(m) if is_active(&m.attrs)? => {
                    let sub_dir = dir.join(m.ident.to_string());
                    let mut sub_module = module_vec.clone();
                    if is_public(&m.vis) {
                        sub_module.push(m.ident.to_string());
                    }
                    match &m.content {
                        Some((_, inner)) => self.read_items(inner, &sub_dir, &sub_module)?,
                        None => {
                            let file = module_file(dir, &m.ident)?;
                            self.read_module_file(&file, &sub_dir, &sub_module)?
                        }
                    }
                }
                syn::Item::Const(c) if is_public(&c.vis) && is_active(&c.attrs)? => {
                    self.constants.push(Constant {
                        name: c.ident.to_string(),
                        module: module_vec.clone(),
                        is_c_string: is_c_str_reference(&c.ty),
                        ty: reduce_type(&c.ty),
                        value: reduce_expr(&c.expr),
                    });
                }
                syn::Item::Type(t) if is_zmq_item(&t.vis, &t.ident) && is_active(&t.attrs)? => {
                    self.aliases.push(Alias {
                        name: t.ident.to_string(),
                        module: module_vec.clone(),
                        ty: reduce_type(&t.ty),
                    });
                }
                syn::Item::Struct(s) if is_zmq_item(&s.vis, &s.ident) && is_active(&s.attrs)? => {
                    self.structs.push(read_struct(s, &module_vec));
                }
                syn::Item::Fn(f) if is_export(f) && is_active(&f.attrs)? => {
                    self.functions.push(read_function(f, &module_vec)?);
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn parse_file(path: &Path) -> Result<syn::File, String> {
    let source = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    syn::parse_file(&source).map_err(|e| format!("{}: {e}", path.display()))
}

/// Where the files of a module's children live: beside `lib.rs`/`mod.rs`, or in a
/// folder named after the module for `name.rs`.
fn module_dir(path: &Path, is_root: bool) -> PathBuf {
    let parent = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if is_root || stem == "mod" {
        parent
    } else {
        parent.join(stem)
    }
}

/// The file of `mod name;` declared in a module whose children live in `dir`.
fn module_file(dir: &Path, name: &syn::Ident) -> Result<PathBuf, String> {
    let flat = dir.join(format!("{name}.rs"));
    let nested = dir.join(name.to_string()).join("mod.rs");
    [flat, nested]
        .into_iter()
        .find(|p| p.exists())
        .ok_or_else(|| format!("no file for `mod {name};` in {}", dir.display()))
}

fn collect_files(path: &Path, dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    files.push(path.to_path_buf());
    for item in parse_file(path)?.items {
        if let syn::Item::Mod(module) = item
            && module.content.is_none()
            && is_active(&module.attrs)?
        {
            let file = module_file(dir, &module.ident)?;
            let sub_dir = module_dir(&file, false);
            collect_files(&file, &sub_dir, files)?;
        }
    }
    Ok(())
}

fn is_public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn is_zmq_item(vis: &syn::Visibility, ident: &syn::Ident) -> bool {
    is_public(vis) && ident.to_string().starts_with("zmq_")
}

/// `#[no_mangle]`/`#[unsafe(no_mangle)]` and `extern "C"`: a symbol of the library.
fn is_export(f: &syn::ItemFn) -> bool {
    let no_mangle = f.attrs.iter().any(|a| {
        a.path().is_ident("no_mangle")
            || (a.path().is_ident("unsafe")
                && a.parse_args::<syn::Path>()
                    .is_ok_and(|p| p.is_ident("no_mangle")))
    });
    let extern_c = f
        .sig
        .abi
        .as_ref()
        .is_some_and(|abi| abi.name.as_ref().is_none_or(|n| n.value() == "C"));
    no_mangle && extern_c
}

/// Whether the `#[cfg]`s of an item hold for capi as tested: feature `draft` on, not a
/// test build, on Linux. Any other condition is refused rather than guessed.
fn is_active(attrs: &[syn::Attribute]) -> Result<bool, String> {
    for attr in attrs.iter().filter(|a| a.path().is_ident("cfg")) {
        let meta: syn::Meta = attr.parse_args().map_err(|e| format!("#[cfg]: {e}"))?;
        if !evaluate_cfg(&meta)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn evaluate_cfg(meta: &syn::Meta) -> Result<bool, String> {
    let nested = |list: &syn::MetaList| -> Result<Vec<bool>, String> {
        let items = list
            .parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            )
            .map_err(|e| format!("#[cfg]: {e}"))?;
        items.iter().map(evaluate_cfg).collect()
    };
    match meta {
        syn::Meta::Path(p) if p.is_ident("test") => Ok(false),
        syn::Meta::Path(p) if p.is_ident("unix") => Ok(true),
        syn::Meta::NameValue(nv) => {
            let value = match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => s.value(),
                _ => return Err("#[cfg] with a non-string value".into()),
            };
            if nv.path.is_ident("feature") {
                Ok(value == "draft")
            } else if nv.path.is_ident("target_os") {
                Ok(value == "linux")
            } else {
                Err(format!(
                    "#[cfg] condition not understood: {}",
                    quote::quote!(#meta)
                ))
            }
        }
        syn::Meta::List(list) if list.path.is_ident("not") => Ok(!nested(list)?[0]),
        syn::Meta::List(list) if list.path.is_ident("all") => Ok(nested(list)?.iter().all(|b| *b)),
        syn::Meta::List(list) if list.path.is_ident("any") => Ok(nested(list)?.iter().any(|b| *b)),
        other => Err(format!(
            "#[cfg] condition not understood: {}",
            quote::quote!(#other)
        )),
    }
}

fn is_c_str_reference(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Reference(r) if matches!(&*r.elem,
        syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "CStr")))
}

fn read_struct(s: &syn::ItemStruct, module: &[String]) -> Structure {
    let mut item = s.clone();
    item.attrs.retain(|a| a.path().is_ident("repr"));
    for field in item.fields.iter_mut() {
        field.attrs.clear();
        field.ty = reduce_type(&field.ty);
    }
    let c_field_names = s
        .attrs
        .iter()
        .filter_map(doc_line)
        .find_map(|line| {
            let list = line.trim().strip_prefix("cbindgen:field-names=")?;
            let inner = list.trim().strip_prefix('[')?.strip_suffix(']')?;
            Some(inner.split(',').map(|n| n.trim().to_string()).collect())
        })
        .unwrap_or_default();
    Structure {
        module: module.to_vec(),
        item,
        c_field_names,
    }
}

fn doc_line(attr: &syn::Attribute) -> Option<String> {
    match &attr.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    }
}

fn read_function(f: &syn::ItemFn, module: &[String]) -> Result<Function, String> {
    let mut params = Vec::new();
    for input in &f.sig.inputs {
        match input {
            syn::FnArg::Typed(arg) => params.push(reduce_type(&arg.ty)),
            syn::FnArg::Receiver(_) => return Err(format!("{} takes self", f.sig.ident)),
        }
    }
    let output = match &f.sig.output {
        syn::ReturnType::Default => None,
        syn::ReturnType::Type(_, ty) => Some(reduce_type(ty)),
    };
    Ok(Function {
        name: f.sig.ident.to_string(),
        module: module.to_vec(),
        params,
        output,
    })
}

/// Replaces every path (`libc::c_int`, `crate::types::zmq_msg_t`) by its last segment,
/// so the rendered file needs no imports beyond the C type names.
struct ReducePaths;

impl syn::visit_mut::VisitMut for ReducePaths {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        syn::visit_mut::visit_path_mut(self, path);
        if path.segments.len() > 1 {
            let last = path.segments.pop().map(|p| p.into_value());
            path.segments.clear();
            path.segments.extend(last);
            path.leading_colon = None;
        }
    }
}

fn reduce_type(ty: &syn::Type) -> syn::Type {
    let mut ty = ty.clone();
    syn::visit_mut::VisitMut::visit_type_mut(&mut ReducePaths, &mut ty);
    ty
}

fn reduce_expr(expr: &syn::Expr) -> syn::Expr {
    let mut expr = expr.clone();
    syn::visit_mut::VisitMut::visit_expr_mut(&mut ReducePaths, &mut expr);
    expr
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface_of(source: &str) -> Surface {
        let mut surface = Surface::default();
        let file = syn::parse_file(source).expect("test source parses");
        surface
            .read_items(&file.items, Path::new("."), &[])
            .expect("test source reads");
        surface
    }

    #[test]
    fn keeps_exports_draft_items_and_zmq_types_only() {
        let surface = surface_of(
            r#"
            pub const ZMQ_A: libc::c_int = 1;
            const PRIVATE: i32 = 2;
            #[cfg(feature = "draft")] pub const ZMQ_D: c_int = 3;
            #[cfg(not(feature = "draft"))] pub const ZMQ_OLD: c_int = 4;
            pub type zmq_fd_t = libc::c_int;
            pub struct Handle { tag: u32 }
            #[unsafe(no_mangle)] pub unsafe extern "C" fn zmq_close(s: *mut libc::c_void) -> c_int { 0 }
            pub unsafe fn helper() {}
            #[cfg(test)] mod tests { pub const ZMQ_T: i32 = 0; }
            "#,
        );
        let names: Vec<_> = surface.constants.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["ZMQ_A", "ZMQ_D"]);
        assert_eq!(surface.aliases.len(), 1);
        assert!(surface.structs.is_empty());
        assert_eq!(surface.functions.len(), 1);
        let param = &surface.functions[0].params[0];
        assert_eq!(quote::quote!(#param).to_string(), "* mut c_void");
    }

    #[test]
    fn reads_c_strings_and_cbindgen_field_names() {
        let surface = surface_of(
            r#"
            pub const ZMQ_P: &CStr = c"Peer-Address";
            /// A message.
            /// cbindgen:field-names=[_]
            #[repr(C, align(8))]
            pub struct zmq_msg_t { pub _x: [u8; 64] }
            "#,
        );
        assert!(surface.constants[0].is_c_string);
        assert_eq!(surface.structs[0].c_field_names, ["_"]);
        assert_eq!(
            surface.structs[0].item.attrs.len(),
            1,
            "only #[repr] is kept"
        );
    }

    #[test]
    fn items_of_private_modules_keep_their_public_parents_path() {
        let surface = surface_of(
            r#"
            pub mod constants { mod general { pub const ZMQ_A: c_int = 1; } }
            pub mod unbuilt {
                #[unsafe(no_mangle)] pub unsafe extern "C" fn zmq_proxy() -> c_int { 0 }
            }
            "#,
        );
        assert_eq!(surface.constants[0].module, ["constants"]);
        assert_eq!(surface.functions[0].module, ["unbuilt"]);
    }

    #[test]
    fn refuses_a_cfg_it_cannot_decide() {
        let file = syn::parse_file("#[cfg(target_arch = \"x86_64\")] pub const ZMQ_X: i32 = 0;")
            .expect("parses");
        let err = Surface::default()
            .read_items(&file.items, Path::new("."), &[])
            .unwrap_err();
        assert!(err.contains("not understood"), "{err}");
    }
}
