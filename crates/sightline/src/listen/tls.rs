//! TLS for `[server] protocol = https | h2`: the rustls server configuration built from
//! `[server] cert_file` and `cert_key`, and [`TlsListener`], which hands axum connections
//! whose handshake has finished.
//!
//! Handshakes run in tasks of their own, so a client that connects and stays silent (or is
//! slow) holds up only itself. Each has [`HANDSHAKE_TIMEOUT`] to finish; a failed or
//! timed-out handshake is dropped with a debug log.

use std::io;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sightline_config::{Protocol, ServerSettings};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{crypto, ServerConfig};
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

/// How long a client has from connecting to finishing the TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Finished handshakes waiting for axum to accept them.
const READY_BACKLOG: usize = 64;

/// The server configuration for `[server] protocol` (https or h2): TLS 1.2 and 1.3 with the
/// ring provider, the certificate chain of `cert_file` and the private key of `cert_key`.
/// Like Grafana, `https` offers only HTTP/1.1 through ALPN and `h2` offers HTTP/2 first.
pub(super) async fn server_config(server: &ServerSettings) -> anyhow::Result<Arc<ServerConfig>> {
    let protocol = server.protocol.as_str();
    let (Some(cert_file), Some(cert_key)) = (&server.cert_file, &server.cert_key) else {
        anyhow::bail!("[server] cert_file and cert_key are required when protocol is {protocol}");
    };
    let chain = read_certificate_chain(cert_file).await?;
    let key = read_private_key(cert_key).await?;
    let provider = Arc::new(crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("cannot set up tls")?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .with_context(|| {
            format!(
                "cannot use [server] cert_file {} with cert_key {}",
                cert_file.display(),
                cert_key.display()
            )
        })?;
    config.alpn_protocols = match server.protocol {
        Protocol::H2 => vec![b"h2".to_vec(), b"http/1.1".to_vec()],
        _ => vec![b"http/1.1".to_vec()],
    };
    Ok(Arc::new(config))
}

async fn read_certificate_chain(path: &Path) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let pem = read_setting_file("cert_file", path).await?;
    let chain = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("cannot parse [server] cert_file {}", path.display()))?;
    if chain.is_empty() {
        anyhow::bail!(
            "[server] cert_file {} holds no PEM certificate",
            path.display()
        );
    }
    Ok(chain)
}

async fn read_private_key(path: &Path) -> anyhow::Result<PrivateKeyDer<'static>> {
    let pem = read_setting_file("cert_key", path).await?;
    PrivateKeyDer::from_pem_slice(&pem).with_context(|| {
        format!(
            "cannot parse a private key in [server] cert_key {}",
            path.display()
        )
    })
}

async fn read_setting_file(key: &str, path: &Path) -> anyhow::Result<Vec<u8>> {
    tokio::fs::read(path)
        .await
        .with_context(|| format!("cannot read [server] {key} {}", path.display()))
}

/// A TCP listener yielding TLS streams whose handshake has finished, with the client's
/// address. Dropping it (axum does when graceful shutdown begins) stops accepting and
/// abandons the handshakes still running.
pub(super) struct TlsListener {
    address: SocketAddr,
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    accepting: JoinHandle<()>,
}

impl TlsListener {
    pub(super) fn new(tcp: TcpListener, config: Arc<ServerConfig>) -> io::Result<TlsListener> {
        let address = tcp.local_addr()?;
        let (ready_sender, ready) = mpsc::channel(READY_BACKLOG);
        let accepting = tokio::spawn(accept_connections(
            tcp,
            TlsAcceptor::from(config),
            ready_sender,
        ));
        Ok(TlsListener {
            address,
            ready,
            accepting,
        })
    }

    pub(super) fn address(&self) -> SocketAddr {
        self.address
    }
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        // Aborting the task drops its `JoinSet`, which aborts the pending handshakes.
        self.accepting.abort();
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(connection) => connection,
            // The accepting task loops until `drop` aborts it; should it ever end, accept
            // nothing more rather than spin.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Ok(self.address)
    }
}

/// Accepts TCP connections forever, starting a handshake task for each one.
async fn accept_connections(
    tcp: TcpListener,
    acceptor: TlsAcceptor,
    ready: mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>,
) {
    let mut handshakes = JoinSet::new();
    loop {
        tokio::select! {
            accepted = tcp.accept() => match accepted {
                Ok((stream, peer)) => {
                    super::send_without_delay(&stream);
                    handshakes.spawn(handshake(acceptor.clone(), stream, peer, ready.clone()));
                }
                Err(error) => pause_after_accept_error(error).await,
            },
            // Reaps finished handshakes so that the set holds only running ones.
            _ = handshakes.join_next(), if !handshakes.is_empty() => {}
        }
    }
}

async fn handshake(
    acceptor: TlsAcceptor,
    stream: TcpStream,
    peer: SocketAddr,
    ready: mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>,
) {
    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
        // A send error means the listener is gone; the connection is dropped with it.
        Ok(Ok(tls)) => drop(ready.send((tls, peer)).await),
        Ok(Err(error)) => tracing::debug!(%peer, %error, "tls handshake failed"),
        Err(_) => tracing::debug!(%peer, timeout = ?HANDSHAKE_TIMEOUT, "tls handshake timed out"),
    }
}

/// What axum does for its own TCP listener: a client that went away is not worth a word;
/// anything else (such as running out of file descriptors) is logged and waited out.
async fn pause_after_accept_error(error: io::Error) {
    let client_went_away = matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    );
    if client_went_away {
        return;
    }
    tracing::error!(%error, "cannot accept a tls connection");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
