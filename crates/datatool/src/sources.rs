//! Finding a boundary source on disk or on the web, and proving it is the right file.

use sha2::{Digest, Sha256};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A file the data tool reads: where to find it and how to prove it is the right one.
pub trait SourceFile {
    fn id(&self) -> &str;
    /// File name looked for in the local folders and used in the cache.
    fn file(&self) -> &str;
    /// Canonical public download address.
    fn url(&self) -> &str;
    fn sha256(&self) -> &str;
}

/// Where to look for source files, in order.
#[derive(Debug, Clone)]
pub struct Locations {
    /// `--geodata DIR` or `KAARTVIEWER_GEODATA`.
    pub explicit: Option<PathBuf>,
    /// `../shared/geodata/` beside the repository.
    pub shared: Option<PathBuf>,
    /// Download cache.
    pub cache: PathBuf,
}

/// A source file's bytes and where they came from.
#[derive(Debug)]
pub struct Resolved {
    pub bytes: Vec<u8>,
    pub origin: String,
}

/// Largest source accepted from a download (boundary files are a few MB at most).
const MAX_DOWNLOAD: u64 = 256 * 1024 * 1024;

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Errors unless `bytes` have the checksum the manifest gives for `source`.
pub fn verify(source: &dyn SourceFile, bytes: &[u8], origin: &str) -> Result<(), String> {
    let actual = sha256_hex(bytes);
    if actual.eq_ignore_ascii_case(source.sha256()) {
        Ok(())
    } else {
        Err(format!(
            "source {:?}: {origin} has sha256 {actual}, but data/sources.toml expects {}; \
             the file differs from the published one (replace it, or update the manifest if the source really changed)",
            source.id(),
            source.sha256()
        ))
    }
}

/// Finds `source`: explicit folder, shared folder, cache, then download into the cache.
pub fn resolve(source: &dyn SourceFile, locations: &Locations) -> Result<Resolved, String> {
    for dir in [&locations.explicit, &locations.shared].into_iter().flatten() {
        let path = dir.join(source.file());
        if path.is_file() {
            let bytes = fs::read(&path).map_err(|e| format!("source {:?}: cannot read {}: {e}", source.id(), path.display()))?;
            let origin = path.display().to_string();
            verify(source, &bytes, &origin)?;
            return Ok(Resolved { bytes, origin });
        }
    }
    let cached = locations.cache.join(source.file());
    if let Ok(bytes) = fs::read(&cached) {
        let origin = cached.display().to_string();
        if verify(source, &bytes, &origin).is_ok() {
            return Ok(Resolved { bytes, origin });
        }
        // A damaged or outdated cache entry is not the user's file: fetch it again.
        let _ = fs::remove_file(&cached);
    }
    let looked = [&locations.explicit, &locations.shared]
        .into_iter()
        .flatten()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let bytes = download(source.url()).map_err(|e| {
        format!(
            "source {:?}: not found in [{looked}] and the download from {} failed: {e}",
            source.id(),
            source.url()
        )
    })?;
    verify(source, &bytes, source.url())?;
    fs::create_dir_all(&locations.cache)
        .map_err(|e| format!("cannot create cache {}: {e}", locations.cache.display()))?;
    crate::atomic::write(&cached, &bytes).map_err(|e| format!("source {:?}: cache: {e}", source.id()))?;
    Ok(Resolved { bytes, origin: source.url().to_string() })
}

pub(crate) fn download(url: &str) -> Result<Vec<u8>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let response = agent.get(url).call().map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    response
        .into_body()
        .into_reader()
        .take(MAX_DOWNLOAD + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("reading the response: {e}"))?;
    if bytes.len() as u64 > MAX_DOWNLOAD {
        return Err(format!("the response is larger than {MAX_DOWNLOAD} bytes"));
    }
    Ok(bytes)
}

/// The shared data folder beside a repository root, if present.
pub fn shared_geodata(repo_root: &Path) -> Option<PathBuf> {
    let dir = repo_root.join("../shared/geodata");
    dir.is_dir().then_some(dir)
}
