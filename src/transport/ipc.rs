//! `ipc://` listening sockets and connect targets.
//!
//! Addresses are parsed by [`crate::transport::address::ipc`]: a filesystem path,
//! `@name` in Linux's abstract namespace, or, for bind, `*`: a fresh socket file in a
//! new private directory (libzmq's rules for where). Unlike libzmq, which removes
//! whatever file is in the way, a bind to a path where a live socket listens fails
//! with `EADDRINUSE`; a stale socket file left by a dead process is replaced, and a
//! file that is not a socket is left alone (`EADDRINUSE`). The listener removes its
//! file (and the `*` directory) on close.
//!
//! With `ZMQ_USE_FD` a bind adopts the application's listening Unix socket: the
//! address given is not read, the endpoint is the socket's own path, and its file is
//! the application's (never removed here), as in libzmq.

use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use super::address::{IpcAddress, parse_ipc};
use super::tcp::adopt;
use super::{ConnectFailure, ListenFailure};
use crate::engine::listener::OwnedPath;
use crate::error::{Error, Result};
use crate::options::ConnectionOptions;
use crate::sys::sockopt::{self, Family};
use crate::sys::unix_socket;

/// The socket address a `zmq_connect(ipc://address)` connects to. `*` is a file name
/// there (only a bind makes a wildcard path).
pub fn connect_address(address: &str) -> Result<std::os::unix::net::SocketAddr> {
    parse_ipc(address, false)?.socket_addr()
}

/// Make room at `path`: nothing there, or a stale socket file (removed). A live
/// socket or any other file there is `EADDRINUSE`.
fn clear_stale(path: &Path) -> Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if !meta.file_type().is_socket() {
        return Err(Error::AddrInUse);
    }
    // A non-blocking connect: a live listener whose backlog is full answers EAGAIN at
    // once, where a blocking connect would hang `zmq_bind` until it accepts.
    let probe = unix_socket::stream_socket()?;
    let addr = std::os::unix::net::SocketAddr::from_pathname(path)?;
    match unix_socket::connect(&probe, &addr) {
        Ok(()) => Err(Error::AddrInUse),
        Err(err) if err.raw_os_error() == Some(libc::EAGAIN) => Err(Error::AddrInUse),
        Err(err) if err.raw_os_error() == Some(libc::ECONNREFUSED) => {
            let _ = std::fs::remove_file(path);
            Ok(())
        }
        Err(err) => Err(err.into()),
    }
}

/// Listen for `zmq_bind(ipc://address)`: the listener, its endpoint string
/// (`ZMQ_LAST_ENDPOINT`), and the files it owns.
///
/// As in libzmq, a socket that cannot bind or listen (an abstract name in use, a
/// directory that does not exist) is reported closed under the endpoint's name.
pub fn listen(
    address: &str,
    options: &ConnectionOptions,
) -> std::result::Result<(mio::net::UnixListener, String, OwnedPath), ListenFailure> {
    if options.use_fd >= 0 {
        let fd = adopt(options.use_fd, Family::Unix)?;
        let listener = std::os::unix::net::UnixListener::from(fd);
        let endpoint = endpoint_of(&listener.local_addr()?);
        let listener = mio::net::UnixListener::from_std(listener);
        return Ok((listener, endpoint, OwnedPath::default()));
    }
    let mut owned = OwnedPath::default();
    let address = match parse_ipc(address, true)? {
        IpcAddress::Wildcard => {
            let (address, dir) = IpcAddress::create_wildcard()?;
            owned.dir = Some(dir.into_path());
            address
        }
        other => other,
    };
    if let IpcAddress::Path(path) = &address {
        clear_stale(Path::new(path))?;
    }
    let socket_addr = address.socket_addr()?;
    let endpoint = address.endpoint();
    let fd = unix_socket::stream_socket()?;
    let listening =
        unix_socket::bind(&fd, &socket_addr).and_then(|()| sockopt::listen(&fd, options.backlog));
    if let Err(err) = listening {
        return Err(ListenFailure::closing(fd, endpoint, err));
    }
    if let IpcAddress::Path(path) = &address {
        owned.file = Some(PathBuf::from(path));
    }
    let listener = std::os::unix::net::UnixListener::from(fd);
    Ok((mio::net::UnixListener::from_std(listener), endpoint, owned))
}

/// Open a socket and start connecting it to `addr`. A Unix-domain connect completes
/// or fails at once; as in libzmq, a socket whose connect fails (nobody listens, no
/// such file) is reported closed.
pub fn start_connect(
    addr: &std::os::unix::net::SocketAddr,
) -> std::result::Result<mio::net::UnixStream, ConnectFailure> {
    let fd = unix_socket::stream_socket()?;
    if let Err(err) = unix_socket::connect(&fd, addr) {
        return Err(ConnectFailure::closing(fd, err));
    }
    let stream = std::os::unix::net::UnixStream::from(fd);
    Ok(mio::net::UnixStream::from_std(stream))
}

/// The endpoint string of a bound Unix socket address.
fn endpoint_of(addr: &std::os::unix::net::SocketAddr) -> String {
    use std::os::linux::net::SocketAddrExt;
    if let Some(path) = addr.as_pathname() {
        format!("ipc://{}", path.display())
    } else if let Some(name) = addr.as_abstract_name() {
        format!("ipc://@{}", String::from_utf8_lossy(name))
    } else {
        "ipc://".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::AsRawFd;

    fn options() -> ConnectionOptions {
        ConnectionOptions::default()
    }

    /// A live listener that accepts nothing, its backlog full: the probe must not
    /// wait for it (a blocking connect would hang `zmq_bind`).
    #[test]
    fn a_live_path_with_a_full_backlog_is_refused_at_once() {
        let dir = tempfile_dir();
        let path = dir.join("full");
        let listener = unix_socket::stream_socket().unwrap();
        let addr = std::os::unix::net::SocketAddr::from_pathname(&path).unwrap();
        unix_socket::bind(&listener, &addr).unwrap();
        sockopt::listen(&listener, 0).unwrap();
        let mut waiting = Vec::new();
        loop {
            let client = unix_socket::stream_socket().unwrap();
            match unix_socket::connect(&client, &addr) {
                Ok(()) => waiting.push(client),
                Err(err) => {
                    assert_eq!(err.raw_os_error(), Some(libc::EAGAIN));
                    break;
                }
            }
            assert!(waiting.len() < 1000, "the backlog never filled");
        }
        assert_eq!(clear_stale(&path), Err(Error::AddrInUse));
        drop(listener);
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("oxzmq-ipc-full-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn live_paths_are_refused_and_stale_ones_replaced() {
        let (first, endpoint, owned) = listen("*", &options()).unwrap();
        let path = owned.file.clone().unwrap();
        assert_eq!(endpoint, format!("ipc://{}", path.display()));
        assert!(path.ends_with("socket"));
        let again = path.to_str().unwrap().to_owned();
        let failed = listen(&again, &options()).unwrap_err();
        // Refused before a socket was made: nothing to report closed.
        assert_eq!((failed.error, failed.closed), (Error::AddrInUse, None));
        // The listener dies but its file stays behind: a stale file, replaced.
        drop(first);
        assert!(path.exists());
        let (_second, _, mut owned2) = listen(&again, &options()).unwrap();
        // `owned` removes file and directory; `owned2` then finds nothing to remove.
        owned2.file = None;
        drop(owned);
        assert!(!path.exists());
    }

    #[test]
    fn a_plain_file_is_left_alone() {
        let dir = std::env::temp_dir().join(format!("oxzmq-plain-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("plain");
        std::fs::write(&file, b"data").unwrap();
        let address = file.to_str().unwrap();
        assert_eq!(
            listen(address, &options()).unwrap_err().error,
            Error::AddrInUse
        );
        assert_eq!(std::fs::read(&file).unwrap(), b"data");
        std::fs::remove_file(&file).unwrap();
        std::fs::remove_dir(&dir).unwrap();
    }

    #[test]
    fn abstract_names_own_no_file() {
        let name = format!("@oxzmq-test-{}", std::process::id());
        let (_listener, endpoint, owned) = listen(&name, &options()).unwrap();
        assert_eq!(endpoint, format!("ipc://{name}"));
        assert!(owned.file.is_none());
        // The name is taken when the new socket binds: reported closed, by name.
        let failed = listen(&name, &options()).unwrap_err();
        assert_eq!(failed.error, Error::AddrInUse);
        let (fd, closed_name) = failed.closed.unwrap();
        assert!(fd > 2);
        assert_eq!(closed_name, format!("ipc://{name}"));
        std::os::unix::net::UnixStream::connect_addr(&connect_address(&name).unwrap()).unwrap();
        assert!(connect_address("*").unwrap().as_pathname().is_some());
        assert_eq!(connect_address("@").unwrap_err(), Error::Invalid);
    }

    #[test]
    fn connects_report_the_socket_they_closed() {
        let name = format!("@oxzmq-ipc-connect-{}", std::process::id());
        let addr = connect_address(&name).unwrap();
        let refused = start_connect(&addr).unwrap_err();
        assert_eq!(refused.error.raw_os_error(), Some(libc::ECONNREFUSED));
        assert!(refused.closed_fd.is_some_and(|fd| fd > 2));
        let (_listener, _, _) = listen(&name, &options()).unwrap();
        start_connect(&addr).unwrap();
    }

    #[test]
    fn adopted_sockets_keep_their_file() {
        let name = format!("@oxzmq-usefd-{}", std::process::id());
        let (listener, _, _) = listen(&name, &options()).unwrap();
        let mut adopt_it = options();
        adopt_it.use_fd = listener.as_raw_fd();
        let (_adopted, endpoint, owned) = listen("/ignored/path", &adopt_it).unwrap();
        assert_eq!(endpoint, format!("ipc://{name}"));
        assert!(owned.file.is_none() && owned.dir.is_none());
        let tcp = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        adopt_it.use_fd = tcp.as_raw_fd();
        assert_eq!(listen("x", &adopt_it).unwrap_err().error, Error::Invalid);
    }
}
