//! Endpoint addresses of the `tcp://` and `ipc://` transports: parsing what follows the
//! scheme exactly as libzmq 4.3 does, resolving it to socket addresses, and formatting
//! bound addresses the way `ZMQ_LAST_ENDPOINT` shows them.
//!
//! Nothing here opens a data socket. The only operating-system calls are the ones
//! resolution needs: the interface table (`getifaddrs`), DNS for connect
//! (`getaddrinfo` through std), and for `ipc://*` the creation of a private directory.

pub mod inet;
pub mod interfaces;
pub mod ipc;
pub mod tcp_bind;
pub mod tcp_connect;
pub mod tcp_syntax;

pub use inet::{format_tcp_endpoint, format_tcp_endpoint_with};
pub use interfaces::{InterfaceSource, InterfaceTable};
pub use ipc::{IpcAddress, IpcTempDir, parse_ipc};
pub use tcp_bind::{TcpBind, TcpLocal, TcpLocalHost, parse_tcp_bind, parse_tcp_bind_with};
pub use tcp_connect::{TcpConnect, TcpConnectResolved, TcpPeer, parse_tcp_connect};
pub use tcp_syntax::Zone;
