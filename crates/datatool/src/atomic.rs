//! Writing files so that nothing is lost: every file the data tool writes goes to a temporary
//! file in the same folder, is synced to disk and then renamed over the target. A write that
//! fails part-way (disk full, `ulimit -f`, Ctrl-C) leaves the old file as it was, never half
//! of a new one. And a command never replaces a file it was not asked to: an existing output
//! needs `--force`, and an output that is one of the command's inputs is always refused.

use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically (temporary file, sync, rename): the one implementation,
/// shared with the server.
pub use kaartviewer_core::atomic_file::write;

/// Checks that `output` may be written by a command that reads `inputs`: never one of the
/// inputs (even with `--force`: the input would be gone before it was read in full), and an
/// existing file only with `force`.
pub fn check_output(output: &Path, inputs: &[&Path], force: bool) -> Result<(), String> {
    if let Some(input) = inputs.iter().find(|input| same_file(output, input)) {
        return Err(format!(
            "{} is also the input {}: refusing to overwrite it; write to another file",
            output.display(),
            input.display()
        ));
    }
    if !force && std::fs::symlink_metadata(output).is_ok() {
        return Err(format!("{} already exists: nothing was written; add --force to replace it", output.display()));
    }
    Ok(())
}

/// Whether both paths name one existing file: the same path once links and `..` are
/// resolved, or (on Unix) the same inode, which also catches hard links.
fn same_file(a: &Path, b: &Path) -> bool {
    let canonical = |p: &Path| -> Option<PathBuf> { std::fs::canonicalize(p).ok() };
    if let (Some(x), Some(y)) = (canonical(a), canonical(b))
        && x == y
    {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return (x.dev(), x.ino()) == (y.dev(), y.ino());
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("utrecht.json");
        std::fs::write(&file, "oud").unwrap();
        write(&file, b"nieuw").unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "nieuw");
        // The rename cannot replace a folder: the write fails, and nothing else changes.
        let folder = dir.path().join("map");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("inhoud"), "blijft").unwrap();
        let error = write(&folder, b"x").unwrap_err();
        assert!(error.contains("cannot write") && error.contains("unchanged"), "{error}");
        assert_eq!(std::fs::read_to_string(folder.join("inhoud")).unwrap(), "blijft");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 2, "no temporary file is left behind: {left:?}");
    }

    #[test]
    fn outputs_are_checked_against_inputs_and_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("utrecht.json");
        std::fs::write(&input, "{}").unwrap();
        let via_dots = dir.path().join("sub/../utrecht.json");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for force in [false, true] {
            assert!(check_output(&via_dots, &[&input], force).unwrap_err().contains("is also the input"));
        }
        #[cfg(unix)]
        {
            let hard_link = dir.path().join("link.json");
            std::fs::hard_link(&input, &hard_link).unwrap();
            assert!(check_output(&hard_link, &[&input], true).unwrap_err().contains("is also the input"));
        }
        let other = dir.path().join("other.csv");
        assert_eq!(check_output(&other, &[&input], false), Ok(()));
        std::fs::write(&other, "x").unwrap();
        assert!(check_output(&other, &[&input], false).unwrap_err().contains("already exists: nothing was written; add --force"));
        assert_eq!(check_output(&other, &[&input], true), Ok(()));
    }
}
