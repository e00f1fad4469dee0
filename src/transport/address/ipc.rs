//! ipc endpoints: what `zmq_bind` and `zmq_connect` accept after `ipc://`, following
//! libzmq 4.3 on Linux.
//!
//! - `ipc://path`: a filesystem path, absolute or relative to the working directory,
//!   used as written (and shown as written in `ZMQ_LAST_ENDPOINT`).
//! - `ipc://@name`: Linux's abstract namespace; the `@` stands for the leading NUL byte.
//!   `ipc://@` alone is `EINVAL`.
//! - `ipc://*` (bind only; libzmq looks at the first character only, so `*x` too): a
//!   fresh private directory `tmp` plus six random characters holding a socket named `socket`. The directory
//!   goes in the first of `$TMPDIR`, `$TEMPDIR`, `$TMP` that names a directory, else in
//!   the working directory (a relative path). On connect `*` is an ordinary file name.
//! - The whole address (with its `@`) must be shorter than `sun_path` (108 bytes):
//!   107 bytes at most, else `ENAMETOOLONG`.

use std::ffi::OsString;
use std::hash::{BuildHasher, Hasher};
use std::os::linux::net::SocketAddrExt;
use std::os::unix::fs::DirBuilderExt;
use std::os::unix::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};

/// Size of `sun_path` on Linux; an address must leave room for its terminating NUL.
const SUN_PATH_LEN: usize = 108;
/// The file name of the socket inside a wildcard directory.
const WILDCARD_SOCKET_NAME: &str = "socket";
/// The environment variables naming a temporary directory, in libzmq's order.
const TEMP_DIR_VARIABLES: [&str; 3] = ["TMPDIR", "TEMPDIR", "TMP"];
/// Letters of the random directory suffix (those `mkdtemp` uses).
const SUFFIX_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/// Length of the random suffix after `tmp`.
const SUFFIX_LEN: usize = 6;
/// Attempts at a fresh directory name before giving up with `EEXIST`.
const CREATE_ATTEMPTS: usize = 100;

/// A parsed `ipc://` address.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum IpcAddress {
    /// A filesystem path, as written.
    Path(String),
    /// A name in the abstract namespace (without the `@`).
    Abstract(String),
    /// `ipc://*` on bind: a fresh path still to be made with [`IpcAddress::create_wildcard`].
    Wildcard,
}

/// Parse the text after `ipc://`. No filesystem access.
pub fn parse_ipc(addr: &str, for_bind: bool) -> Result<IpcAddress> {
    if addr.is_empty() || addr.contains('\0') {
        return Err(Error::Invalid);
    }
    if for_bind && addr.starts_with('*') {
        return Ok(IpcAddress::Wildcard);
    }
    if addr.len() >= SUN_PATH_LEN {
        return Err(Error::Os(libc::ENAMETOOLONG));
    }
    match addr.strip_prefix('@') {
        Some("") => Err(Error::Invalid),
        Some(name) => Ok(IpcAddress::Abstract(name.to_owned())),
        None => Ok(IpcAddress::Path(addr.to_owned())),
    }
}

impl IpcAddress {
    /// The Unix socket address to bind or connect. `EINVAL` for an unmade wildcard.
    pub fn socket_addr(&self) -> Result<SocketAddr> {
        match self {
            IpcAddress::Path(path) => SocketAddr::from_pathname(path).map_err(Error::from),
            IpcAddress::Abstract(name) => {
                SocketAddr::from_abstract_name(name.as_bytes()).map_err(Error::from)
            }
            IpcAddress::Wildcard => Err(Error::Invalid),
        }
    }

    /// The endpoint string libzmq shows in `ZMQ_LAST_ENDPOINT` for this address:
    /// `ipc://` and the path as written, or `ipc://@name`.
    pub fn endpoint(&self) -> String {
        match self {
            IpcAddress::Path(path) => format!("ipc://{path}"),
            IpcAddress::Abstract(name) => format!("ipc://@{name}"),
            IpcAddress::Wildcard => "ipc://*".to_owned(),
        }
    }

    /// Make the fresh path of `ipc://*`: a new private directory (mode 0700) under the
    /// temporary directory, and the socket path inside it. The returned guard removes
    /// the directory (and the socket file in it) when dropped, so the listener keeps it
    /// for as long as it is bound.
    pub fn create_wildcard() -> Result<(IpcAddress, IpcTempDir)> {
        let base = wildcard_base(
            |name| std::env::var_os(name),
            |path| std::fs::metadata(path).is_ok_and(|meta| meta.is_dir()),
        );
        create_wildcard_in(&base)
    }
}

/// The prefix for wildcard directories: the first of libzmq's variables that is set,
/// is UTF-8 and names an existing directory, with a `/` added; else empty (the working
/// directory).
fn wildcard_base(
    variable: impl Fn(&str) -> Option<OsString>,
    is_dir: impl Fn(&str) -> bool,
) -> String {
    TEMP_DIR_VARIABLES
        .iter()
        .filter_map(|name| variable(name)?.into_string().ok())
        .find(|dir| !dir.is_empty() && is_dir(dir))
        .map(|mut dir| {
            if !dir.ends_with('/') {
                dir.push('/');
            }
            dir
        })
        .unwrap_or_default()
}

/// Create a wildcard directory under `base` (empty, or ending in `/`).
fn create_wildcard_in(base: &str) -> Result<(IpcAddress, IpcTempDir)> {
    // Check the length first, so a too-long temp dir leaves nothing behind.
    let path_len = base.len() + "tmp".len() + SUFFIX_LEN + 1 + WILDCARD_SOCKET_NAME.len();
    if path_len >= SUN_PATH_LEN {
        return Err(Error::Os(libc::ENAMETOOLONG));
    }
    for _ in 0..CREATE_ATTEMPTS {
        let dir = format!("{base}tmp{}", random_suffix());
        match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => {
                let path = format!("{dir}/{WILDCARD_SOCKET_NAME}");
                return Ok((
                    IpcAddress::Path(path),
                    IpcTempDir {
                        dir: dir.into(),
                        armed: true,
                    },
                ));
            }
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(Error::from(err)),
        }
    }
    Err(Error::Os(libc::EEXIST))
}

/// Six random letters and digits. The per-process random hasher keys make names
/// unpredictable to other users; the counter makes them distinct within the process.
fn random_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::hash::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u32(std::process::id());
    if let Ok(elapsed) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(elapsed.as_nanos());
    }
    let mut bits = hasher.finish();
    let alphabet = SUFFIX_ALPHABET.len() as u64;
    (0..SUFFIX_LEN)
        .map(|_| {
            let letter = SUFFIX_ALPHABET[(bits % alphabet) as usize];
            bits /= alphabet;
            char::from(letter)
        })
        .collect()
}

/// The private directory of an `ipc://*` bind; dropping it removes the socket file in it
/// and the directory, as libzmq does when such an endpoint is unbound or closed.
#[derive(Debug)]
pub struct IpcTempDir {
    dir: PathBuf,
    /// Whether dropping the guard removes the directory.
    armed: bool,
}

impl IpcTempDir {
    /// The directory.
    pub fn path(&self) -> &std::path::Path {
        &self.dir
    }

    /// Hand the directory over to a new owner, who must remove it: the guard no longer
    /// does.
    pub fn into_path(mut self) -> PathBuf {
        self.armed = false;
        std::mem::take(&mut self.dir)
    }
}

impl Drop for IpcTempDir {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        // Best effort: the listener may already have removed the socket file, and a
        // directory someone else filled is left alone rather than emptied.
        let _ = std::fs::remove_file(self.dir.join(WILDCARD_SOCKET_NAME));
        let _ = std::fs::remove_dir(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::net::{UnixListener, UnixStream};

    /// A directory of our own under the system temp dir for filesystem tests.
    fn scratch(tag: &str) -> String {
        let dir = std::env::temp_dir().join(format!("oxzmq-ipc-{tag}-{}", random_suffix()));
        std::fs::create_dir(&dir).unwrap();
        dir.into_os_string().into_string().unwrap()
    }

    #[test]
    fn forms() {
        assert_eq!(
            parse_ipc("/tmp/feeds/0", true),
            Ok(IpcAddress::Path("/tmp/feeds/0".into()))
        );
        assert_eq!(
            parse_ipc("rel/sock", false),
            Ok(IpcAddress::Path("rel/sock".into()))
        );
        assert_eq!(
            parse_ipc("@name", true),
            Ok(IpcAddress::Abstract("name".into()))
        );
        assert_eq!(parse_ipc("@*", true), Ok(IpcAddress::Abstract("*".into())));
        assert_eq!(parse_ipc("*", true), Ok(IpcAddress::Wildcard));
        assert_eq!(parse_ipc("*x", true), Ok(IpcAddress::Wildcard));
        // On connect `*` is just a file name.
        assert_eq!(parse_ipc("*", false), Ok(IpcAddress::Path("*".into())));
    }

    #[test]
    fn errors() {
        let too_long = Err(Error::Os(libc::ENAMETOOLONG));
        assert_eq!(parse_ipc("@", true), Err(Error::Invalid));
        assert_eq!(parse_ipc("@", false), Err(Error::Invalid));
        assert_eq!(parse_ipc("", true), Err(Error::Invalid));
        assert_eq!(parse_ipc("a\0b", true), Err(Error::Invalid));
        // 107 bytes fit (sun_path keeps one for the NUL), 108 do not; same for `@`.
        let path_107 = format!("/tmp/{}", "a".repeat(102));
        assert!(matches!(
            parse_ipc(&path_107, true),
            Ok(IpcAddress::Path(_))
        ));
        assert_eq!(parse_ipc(&format!("{path_107}a"), true), too_long);
        assert_eq!(parse_ipc(&format!("{path_107}a"), false), too_long);
        let abstract_107 = format!("@{}", "b".repeat(106));
        assert!(matches!(
            parse_ipc(&abstract_107, true),
            Ok(IpcAddress::Abstract(_))
        ));
        assert_eq!(parse_ipc(&format!("{abstract_107}b"), true), too_long);
    }

    #[test]
    fn endpoints_as_libzmq_shows_them() {
        for text in [
            "/tmp/addr/sock3",
            "rel/sock1",
            "./rel/sock2",
            "@probe-abstract",
            "@*",
        ] {
            assert_eq!(
                parse_ipc(text, true).unwrap().endpoint(),
                format!("ipc://{text}")
            );
        }
    }

    #[test]
    fn socket_addresses() {
        let path = parse_ipc("/tmp/x/y", false).unwrap().socket_addr().unwrap();
        assert_eq!(path.as_pathname(), Some(std::path::Path::new("/tmp/x/y")));
        let name = parse_ipc("@oxzmq", false).unwrap().socket_addr().unwrap();
        assert_eq!(name.as_abstract_name(), Some(&b"oxzmq"[..]));
        assert!(name.as_pathname().is_none());
        assert_eq!(
            IpcAddress::Wildcard.socket_addr().unwrap_err(),
            Error::Invalid
        );
    }

    #[test]
    fn abstract_and_path_addresses_bind_and_connect() {
        let name = format!("@oxzmq-test-{}", random_suffix());
        let addr = parse_ipc(&name, true).unwrap().socket_addr().unwrap();
        let listener = UnixListener::bind_addr(&addr).unwrap();
        UnixStream::connect_addr(&addr).unwrap();
        drop(listener);
        let dir = scratch("path");
        let text = format!("{dir}/sock");
        let addr = parse_ipc(&text, true).unwrap().socket_addr().unwrap();
        let listener = UnixListener::bind_addr(&addr).unwrap();
        UnixStream::connect_addr(&addr).unwrap();
        drop(listener);
        std::fs::remove_file(&text).unwrap();
        std::fs::remove_dir(&dir).unwrap();
    }

    #[test]
    fn wildcard_base_follows_libzmq() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, v)| OsString::from(*v))
            }
        };
        let dirs = |path: &str| ["/t1", "/t2/", "rel"].contains(&path);
        assert_eq!(wildcard_base(env(&[("TMPDIR", "/t1")]), dirs), "/t1/");
        assert_eq!(wildcard_base(env(&[("TMPDIR", "/t2/")]), dirs), "/t2/");
        assert_eq!(wildcard_base(env(&[("TMPDIR", "rel")]), dirs), "rel/");
        // Unset, empty or not a directory: the next variable, then the working dir.
        assert_eq!(
            wildcard_base(env(&[("TEMPDIR", "/t1"), ("TMP", "/t2/")]), dirs),
            "/t1/"
        );
        assert_eq!(
            wildcard_base(env(&[("TMPDIR", "/nonexistent"), ("TMP", "/t2/")]), dirs),
            "/t2/"
        );
        assert_eq!(
            wildcard_base(env(&[("TMPDIR", ""), ("TEMPDIR", "/t1")]), dirs),
            "/t1/"
        );
        assert_eq!(wildcard_base(env(&[("TMPDIR", "/nonexistent")]), dirs), "");
        assert_eq!(wildcard_base(env(&[]), dirs), "");
    }

    #[test]
    fn wildcard_directory_is_fresh_private_and_removed() {
        let base = format!("{}/", scratch("wild"));
        let (first, guard) = create_wildcard_in(&base).unwrap();
        let (second, other) = create_wildcard_in(&base).unwrap();
        assert_ne!(first, second);
        let IpcAddress::Path(path) = &first else {
            panic!("wildcard made {first:?}");
        };
        let dir = guard.path().to_str().unwrap().to_owned();
        assert_eq!(path, &format!("{dir}/socket"));
        let suffix = dir.strip_prefix(&format!("{base}tmp")).unwrap();
        assert_eq!(suffix.len(), 6);
        assert!(suffix.bytes().all(|b| b.is_ascii_alphanumeric()));
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        // The path binds, and dropping the guard removes socket file and directory.
        let listener = UnixListener::bind_addr(&first.socket_addr().unwrap()).unwrap();
        assert_eq!(first.endpoint(), format!("ipc://{dir}/socket"));
        drop(listener);
        drop(guard);
        drop(other);
        assert!(!std::path::Path::new(&dir).exists());
        std::fs::remove_dir(&base).unwrap();
    }

    #[test]
    fn wildcard_too_long_creates_nothing() {
        let base = format!("/tmp/{}/", "c".repeat(90));
        assert_eq!(
            create_wildcard_in(&base).unwrap_err(),
            Error::Os(libc::ENAMETOOLONG)
        );
        // A base that does not exist is the OS error.
        let missing = create_wildcard_in("/nonexistent-oxzmq-dir/").unwrap_err();
        assert_eq!(missing.errno(), libc::ENOENT);
    }

    #[test]
    fn wildcard_in_the_process_environment() {
        let (addr, guard) = IpcAddress::create_wildcard().unwrap();
        let IpcAddress::Path(path) = &addr else {
            panic!("wildcard made {addr:?}");
        };
        assert!(path.ends_with("/socket"));
        assert!(guard.path().is_dir());
        let dir = guard.path().to_owned();
        drop(guard);
        assert!(!dir.exists());
    }
}
