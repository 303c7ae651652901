//! `[server] protocol = socket`: HTTP over a unix socket at `[server] socket`.

use std::fs::Permissions;
use std::io;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;

use anyhow::Context;
use tokio::net::UnixListener;

/// Grafana's `[server] socket_mode` default: the owner and the group may connect.
const SOCKET_MODE: u32 = 0o660;

/// Creates the socket's directory, replaces a stale socket left by an earlier run, binds,
/// and restricts the socket to [`SOCKET_MODE`]. Refuses to replace a file that is not a
/// socket, since that is a wrong setting rather than a leftover.
pub(super) async fn bind(path: &Path) -> anyhow::Result<UnixListener> {
    let shown = path.display();
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        tokio::fs::create_dir_all(parent)
            .await
            .with_context(|| format!("cannot create the directory of [server] socket {shown}"))?;
    }
    match tokio::fs::symlink_metadata(path).await {
        Ok(existing) if existing.file_type().is_socket() => tokio::fs::remove_file(path)
            .await
            .with_context(|| format!("cannot remove the stale [server] socket {shown}"))?,
        Ok(_) => anyhow::bail!("[server] socket {shown} exists and is not a socket"),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => {
            return Err(error).with_context(|| format!("cannot inspect [server] socket {shown}"))
        }
    }
    let listener = UnixListener::bind(path)
        .with_context(|| format!("cannot listen on [server] socket {shown}"))?;
    tokio::fs::set_permissions(path, Permissions::from_mode(SOCKET_MODE))
        .await
        .with_context(|| format!("cannot set the mode of [server] socket {shown}"))?;
    Ok(listener)
}

/// Removes the socket file once the server has stopped, as Grafana's listener does on close.
pub(super) async fn remove(path: &Path) {
    if let Err(error) = tokio::fs::remove_file(path).await {
        tracing::debug!(path = %path.display(), %error, "cannot remove the unix socket");
    }
}
