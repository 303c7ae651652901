//! The listener `[server] protocol` asks for, and the task that serves the router on it:
//! plain TCP for `http`, TLS over TCP for `https` and `h2` ([`tls`]), a unix socket for
//! `socket` ([`unix`]). Every task stops accepting once `stop` turns true and ends when the
//! requests in flight are done.
//!
//! Handlers read the client address from `ConnectInfo<SocketAddr>`; the TCP protocols
//! provide it, the unix socket does not (there is no IP address to give).
//!
//! TCP connections send without delay (`TCP_NODELAY`, as Go's servers do): an answer's last
//! small segment goes out at once instead of waiting for the client to acknowledge the one
//! before, which a client that delays its acknowledgements makes a 40 ms pause.

mod tls;
mod unix;

#[cfg(test)]
mod tests;

use std::fmt;
use std::future::IntoFuture;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use axum::serve::{ListenerExt, TapIo};
use axum::Router;
use sightline_config::{Protocol, ServerSettings};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Where a running server accepts connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListenAddress {
    /// `http`, `https` and `h2`: the bound address, with the port chosen by the system when
    /// `[server] http_port` is 0.
    Tcp(SocketAddr),
    /// `socket`: the path of the unix socket.
    Unix(PathBuf),
}

impl ListenAddress {
    /// The TCP address, or `None` for a unix socket.
    pub fn tcp(&self) -> Option<SocketAddr> {
        match self {
            ListenAddress::Tcp(address) => Some(*address),
            ListenAddress::Unix(_) => None,
        }
    }
}

/// `127.0.0.1:3000` for TCP, so that `http://{address}` is a URL; the path for a socket.
impl fmt::Display for ListenAddress {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ListenAddress::Tcp(address) => write!(formatter, "{address}"),
            ListenAddress::Unix(path) => write!(formatter, "{}", path.display()),
        }
    }
}

/// A listener bound and being served.
pub(crate) struct Serving {
    pub address: ListenAddress,
    /// Ends after `stop` turns true (or its sender is dropped) and the last request is done,
    /// or earlier on an IO error.
    pub task: JoinHandle<io::Result<()>>,
}

/// Binds the listener of `[server] protocol` and spawns the task serving `router` on it.
/// Fails, naming the setting, when the address cannot be bound or the TLS files are unusable.
pub(crate) async fn serve(
    server: &ServerSettings,
    router: Router,
    stop: watch::Receiver<bool>,
) -> anyhow::Result<Serving> {
    match server.protocol {
        Protocol::Http => {
            let listener = http_listener(server).await?;
            let address = axum::serve::Listener::local_addr(&listener)?;
            let service = router.into_make_service_with_connect_info::<SocketAddr>();
            let served = axum::serve(listener, service).with_graceful_shutdown(stopped(stop));
            Ok(Serving {
                address: ListenAddress::Tcp(address),
                task: tokio::spawn(served.into_future()),
            })
        }
        Protocol::Https | Protocol::H2 => {
            let config = tls::server_config(server).await?;
            let listener = tls::TlsListener::new(bind_tcp(server).await?, config)?;
            let address = listener.address();
            // axum implements `Connected` for the address of any `TapIo` listener: that is how
            // a listener of ours provides `ConnectInfo<SocketAddr>`, as the orphan rule forbids
            // implementing it for `IncomingStream<TlsListener>` here. The tap itself does nothing.
            let listener = listener.tap_io(|_stream| {});
            let service = router.into_make_service_with_connect_info::<SocketAddr>();
            let served = axum::serve(listener, service).with_graceful_shutdown(stopped(stop));
            Ok(Serving {
                address: ListenAddress::Tcp(address),
                task: tokio::spawn(served.into_future()),
            })
        }
        Protocol::Socket => {
            let path = server.socket.clone();
            let listener = unix::bind(&path).await?;
            let served = axum::serve(listener, router.into_make_service())
                .with_graceful_shutdown(stopped(stop));
            let task = tokio::spawn({
                let path = path.clone();
                async move {
                    let result = served.await;
                    unix::remove(&path).await;
                    result
                }
            });
            Ok(Serving {
                address: ListenAddress::Unix(path),
                task,
            })
        }
    }
}

/// The `http` listener: [`bind_tcp`]'s, its connections without delay.
async fn http_listener(server: &ServerSettings) -> anyhow::Result<TapIo<TcpListener, Tap>> {
    let tap: Tap = |stream| send_without_delay(stream);
    Ok(bind_tcp(server).await?.tap_io(tap))
}

/// What [`http_listener`] does to each connection.
type Tap = fn(&mut TcpStream);

/// Sets `TCP_NODELAY` on an accepted connection (see the module's documentation).
fn send_without_delay(stream: &TcpStream) {
    if let Err(error) = stream.set_nodelay(true) {
        tracing::debug!(%error, "cannot set TCP_NODELAY");
    }
}

/// Resolves when `stop` turns true or its sender is gone.
async fn stopped(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

/// Binds `[server] http_addr:http_port`; an empty `http_addr` binds all interfaces.
async fn bind_tcp(server: &ServerSettings) -> anyhow::Result<TcpListener> {
    let address = tcp_address(&server.http_addr, server.http_port);
    TcpListener::bind(&address)
        .await
        .with_context(|| format!("cannot listen on {address}"))
}

/// `host:port`, with an IPv6 host in brackets as `bind` expects.
fn tcp_address(http_addr: &str, port: u16) -> String {
    let host = match http_addr.trim() {
        "" => "0.0.0.0",
        host => host,
    };
    if host.contains(':') && !host.starts_with('[') {
        return format!("[{host}]:{port}");
    }
    format!("{host}:{port}")
}
