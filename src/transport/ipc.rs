//! `ipc://` addresses and listening sockets, in the minimal form the engine needs
//! (the complete parser lives in `transport/address/`).
//!
//! An address is a filesystem path, `@name` in Linux's abstract namespace, or, for
//! bind, `*`: a fresh socket file in a new private directory under `$TMPDIR` (or
//! `/tmp`). Unlike libzmq, which removes whatever file is in the way, a bind to a path
//! where a live socket listens fails with `EADDRINUSE`; a stale socket file left by a
//! dead process is replaced, and a file that is not a socket is left alone
//! (`EADDRINUSE`). The listener removes its file (and the `*` directory) on close.

use std::os::linux::net::SocketAddrExt;
use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::engine::listener::OwnedPath;
use crate::error::{Error, Result};

/// Room in `sockaddr_un.sun_path`, including the terminating NUL of a path.
const SUN_PATH_LEN: usize = 108;

/// An `ipc://` address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IpcAddress {
    /// A filesystem path.
    Path(PathBuf),
    /// A name in the abstract namespace (`ipc://@name`), without the `@`.
    Abstract(Vec<u8>),
    /// `ipc://*`: a fresh path chosen at bind.
    Any,
}

impl IpcAddress {
    /// Parse what follows `ipc://`. Too long for a Unix socket: `ENAMETOOLONG`.
    pub fn parse(address: &str) -> Result<IpcAddress> {
        let parsed = if address == "*" {
            IpcAddress::Any
        } else if let Some(name) = address.strip_prefix('@') {
            IpcAddress::Abstract(name.as_bytes().to_vec())
        } else {
            IpcAddress::Path(PathBuf::from(address))
        };
        if address.len() >= SUN_PATH_LEN {
            return Err(Error::Os(libc::ENAMETOOLONG));
        }
        Ok(parsed)
    }

    /// The socket address to connect to (`EINVAL` for `*`).
    pub fn socket_addr(&self) -> Result<SocketAddr> {
        let addr = match self {
            IpcAddress::Path(path) => SocketAddr::from_pathname(path)?,
            IpcAddress::Abstract(name) => SocketAddr::from_abstract_name(name)?,
            IpcAddress::Any => return Err(Error::Invalid),
        };
        Ok(addr)
    }

    /// The endpoint string, as `ZMQ_LAST_ENDPOINT` shows it.
    pub fn endpoint(&self) -> String {
        match self {
            IpcAddress::Path(path) => format!("ipc://{}", path.display()),
            IpcAddress::Abstract(name) => format!("ipc://@{}", String::from_utf8_lossy(name)),
            IpcAddress::Any => "ipc://*".to_owned(),
        }
    }
}

/// A fresh private directory for `ipc://*`.
fn fresh_directory() -> Result<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let base = std::env::temp_dir();
    for _ in 0..100 {
        let salt = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = base.join(format!("tmp{:x}{:x}{:x}", std::process::id(), salt, n));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(err.into()),
        }
    }
    Err(Error::AddrInUse)
}

/// Make room at `path`: nothing there, or a stale socket file (removed). A live
/// socket or any other file there is `EADDRINUSE`.
fn clear_stale(path: &std::path::Path) -> Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if !meta.file_type().is_socket() {
        return Err(Error::AddrInUse);
    }
    match std::os::unix::net::UnixStream::connect(path) {
        Ok(_) => Err(Error::AddrInUse),
        Err(err) if err.raw_os_error() == Some(libc::ECONNREFUSED) => {
            let _ = std::fs::remove_file(path);
            Ok(())
        }
        Err(err) => Err(err.into()),
    }
}

/// Listen on `address`: the listener, its endpoint string, and the files it owns.
pub fn listen(address: &IpcAddress) -> Result<(mio::net::UnixListener, String, OwnedPath)> {
    let mut owned = OwnedPath::default();
    let address = match address {
        IpcAddress::Any => {
            let dir = fresh_directory()?;
            let path = dir.join("socket");
            owned.dir = Some(dir);
            IpcAddress::Path(path)
        }
        other => other.clone(),
    };
    if let IpcAddress::Path(path) = &address {
        clear_stale(path)?;
    }
    let listener = mio::net::UnixListener::bind_addr(&address.socket_addr()?)?;
    if let IpcAddress::Path(path) = &address {
        owned.file = Some(path.clone());
    }
    Ok((listener, address.endpoint(), owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_forms() {
        assert_eq!(IpcAddress::parse("*").unwrap(), IpcAddress::Any);
        assert_eq!(
            IpcAddress::parse("@name").unwrap(),
            IpcAddress::Abstract(b"name".to_vec())
        );
        assert_eq!(
            IpcAddress::parse("/tmp/x").unwrap().endpoint(),
            "ipc:///tmp/x"
        );
        let long = format!("/tmp/{}", "a".repeat(200));
        assert_eq!(IpcAddress::parse(&long), Err(Error::Os(libc::ENAMETOOLONG)));
        assert_eq!(IpcAddress::Any.socket_addr().unwrap_err(), Error::Invalid);
    }

    #[test]
    fn live_paths_are_refused_and_stale_ones_replaced() {
        let (first, endpoint, owned) = listen(&IpcAddress::Any).unwrap();
        let path = owned.file.clone().unwrap();
        assert_eq!(endpoint, format!("ipc://{}", path.display()));
        let again = IpcAddress::Path(path.clone());
        assert_eq!(listen(&again).unwrap_err(), Error::AddrInUse);
        // The listener dies but its file stays behind: a stale file, replaced.
        drop(first);
        assert!(path.exists());
        let (_second, _, mut owned2) = listen(&again).unwrap();
        // `owned` removes file and directory; `owned2` then finds nothing to remove.
        owned2.file = None;
        drop(owned);
        assert!(!path.exists());
    }

    #[test]
    fn a_plain_file_is_left_alone() {
        let dir = fresh_directory().unwrap();
        let file = dir.join("plain");
        std::fs::write(&file, b"data").unwrap();
        let address = IpcAddress::Path(file.clone());
        assert_eq!(listen(&address).unwrap_err(), Error::AddrInUse);
        assert_eq!(std::fs::read(&file).unwrap(), b"data");
        std::fs::remove_file(&file).unwrap();
        std::fs::remove_dir(&dir).unwrap();
    }

    #[test]
    fn abstract_names_own_no_file() {
        let name = format!("@oxzmq-test-{}", std::process::id());
        let address = IpcAddress::parse(&name).unwrap();
        let (_listener, endpoint, owned) = listen(&address).unwrap();
        assert_eq!(endpoint, format!("ipc://{name}"));
        assert!(owned.file.is_none());
        assert_eq!(listen(&address).unwrap_err(), Error::AddrInUse);
        std::os::unix::net::UnixStream::connect_addr(&address.socket_addr().unwrap()).unwrap();
    }
}
