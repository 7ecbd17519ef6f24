//! Writing a file so that nothing is lost (feature `files`: the data tool and the server, not
//! the app): a temporary file in the same folder, synced to disk, then renamed over the target.
//! A write that fails part-way (disk full, `ulimit -f`, a kill) leaves the old file as it was,
//! never half of a new one.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically, creating its folder when needed and keeping the
/// permissions of the file it replaces.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("data/verbanden.json");
/// kaartviewer_core::atomic_file::write(&path, b"{}\n").unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"{}\n");
/// ```
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let fail = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}; the old file (if any) is unchanged", path.display());
    std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
    let mut temporary = tempfile::Builder::new().prefix(".kaartviewer-").suffix(".tmp").tempfile_in(dir).map_err(|e| fail(&e))?;
    temporary.write_all(bytes).map_err(|e| fail(&e))?;
    temporary.as_file().sync_all().map_err(|e| fail(&e))?;
    // Keep the permissions of the file being replaced (a new file gets the default ones).
    if let Ok(metadata) = std::fs::metadata(path) {
        let _ = temporary.as_file().set_permissions(metadata.permissions());
    }
    temporary.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}
