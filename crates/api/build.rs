//! Records the git commit Sightline is built from, for `/api/health`, the frontend settings
//! and `sightline --version`. `SIGHTLINE_COMMIT` in the build environment wins (release
//! builds outside a checkout); otherwise `git rev-parse`, else `unknown`.
//!
//! Also embeds the built web UI (`web/dist`, made by `npm run build` in `web/`): writes
//! `$OUT_DIR/ui_assets.rs`, a table of every file with `include_bytes!` (and its `.gz` twin),
//! which `src/ui/assets.rs` includes. Without `web/dist` the table is empty and the server
//! serves its small built-in page instead, so a cargo-only build still works.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn main() {
    println!("cargo:rerun-if-env-changed=SIGHTLINE_COMMIT");
    let commit = std::env::var("SIGHTLINE_COMMIT")
        .ok()
        .filter(|commit| !commit.is_empty())
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .unwrap_or_else(|| "unknown".to_string());
    // Rebuild when HEAD moves: the HEAD file names the branch, the branch file the commit.
    for path in ["HEAD", "packed-refs"] {
        if let Some(file) = git(&["rev-parse", "--git-path", path]) {
            println!("cargo:rerun-if-changed={file}");
        }
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        if let Some(file) = git(&["rev-parse", "--git-path", &branch]) {
            println!("cargo:rerun-if-changed={file}");
        }
    }
    println!("cargo:rustc-env=SIGHTLINE_COMMIT={commit}");
    embed_web_ui();
}

fn embed_web_ui() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let web = manifest_dir.join("../../web");
    let dist = web.join("dist");
    // Watch the build output; while there is none, watch `web/` so that the first
    // `npm run build` is noticed (a missing path would rerun this script on every build).
    let watched = if dist.join("index.html").is_file() {
        &dist
    } else {
        &web
    };
    if watched.exists() {
        println!("cargo:rerun-if-changed={}", watched.display());
    }
    let mut files = Vec::new();
    if dist.join("index.html").is_file() {
        collect(&dist, &mut files);
    }
    files.sort();
    let mut table = String::from("&[\n");
    for file in &files {
        let name = file.to_string_lossy();
        if name.ends_with(".gz") {
            continue;
        }
        let relative = file
            .strip_prefix(&dist)
            .expect("collected under dist")
            .to_string_lossy()
            .replace('\\', "/");
        let absolute = file.canonicalize().expect("collected files exist");
        let gzip_path = PathBuf::from(format!("{name}.gz"));
        let gzip = if files.contains(&gzip_path) {
            let absolute = gzip_path.canonicalize().expect("collected files exist");
            format!("Some(include_bytes!({:?}))", absolute.to_string_lossy())
        } else {
            "None".to_string()
        };
        writeln!(
            table,
            "    Asset {{ path: {relative:?}, body: include_bytes!({:?}), gzip: {gzip} }},",
            absolute.to_string_lossy()
        )
        .expect("writing to a string");
    }
    table.push(']');
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("ui_assets.rs");
    std::fs::write(out, table).expect("OUT_DIR is writable");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
