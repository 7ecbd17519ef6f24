//! Precompressed copies of the built site: next to each text or wasm file a `.gz` and a `.br`,
//! so a static server (ours, or nginx with `gzip_static` / `brotli_static`) sends the small
//! version without compressing on every request.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Files worth compressing, by extension; images like PNG are compressed already.
const COMPRESSIBLE: [&str; 7] = ["html", "js", "wasm", "css", "json", "geojson", "svg"];

/// Below this size the header overhead is not worth it: such files get no copies (and any
/// old ones are removed, so they are never served instead of the file).
const MIN_BYTES: u64 = 1024;

/// What [`compress_tree`] did.
#[derive(Debug, Default, PartialEq)]
pub struct Report {
    /// Originals whose copies were (re)written.
    pub compressed: usize,
    /// Copies removed: orphans, and copies of files too small to compress.
    pub removed: usize,
}

/// Makes every `.gz` and `.br` below `root` hold exactly its original: copies are compared by
/// content (decompressed), not by date, since `cp -p`, `rsync -t` or `git checkout` can give a
/// stale copy a newer date; copies without an original, or of a file below 1 KiB, are removed.
/// Every copy is written atomically.
pub fn compress_tree(root: &Path) -> Result<Report, String> {
    let mut report = Report::default();
    let all = files(root).map_err(|e| format!("{}: {e}", root.display()))?;
    for file in &all {
        let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        if let Some(original) = original_of(file)
            && !original.is_file()
        {
            remove(file, &mut report)?;
            continue;
        }
        if !COMPRESSIBLE.contains(&extension) {
            continue;
        }
        let bytes = fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let copies = [(sibling(file, "gz"), gzip as fn(&[u8]) -> Vec<u8>, gunzip as fn(&[u8]) -> Option<Vec<u8>>), (sibling(file, "br"), brotli, unbrotli)];
        if (bytes.len() as u64) < MIN_BYTES {
            for (copy, _, _) in &copies {
                if copy.exists() {
                    remove(copy, &mut report)?;
                }
            }
            continue;
        }
        let mut wrote = false;
        for (copy, encode, decode) in copies {
            let current = fs::read(&copy).ok().and_then(|c| decode(&c)).is_some_and(|c| c == bytes);
            if !current {
                crate::atomic::write(&copy, &encode(&bytes))?;
                wrote = true;
            }
        }
        report.compressed += usize::from(wrote);
    }
    Ok(report)
}

/// For a `.gz` or `.br` copy of a compressible file, the original's path.
fn original_of(copy: &Path) -> Option<PathBuf> {
    let extension = copy.extension()?.to_str()?;
    if extension != "gz" && extension != "br" {
        return None;
    }
    let original = copy.with_extension("");
    let inner = original.extension()?.to_str()?;
    COMPRESSIBLE.contains(&inner).then_some(original)
}

fn remove(file: &Path, report: &mut Report) -> Result<(), String> {
    fs::remove_file(file).map_err(|e| format!("cannot remove {}: {e}", file.display()))?;
    report.removed += 1;
    Ok(())
}

/// `file` with `.extension` appended (`app.wasm` → `app.wasm.br`).
pub fn sibling(file: &Path, extension: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

fn files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(files(&path)?);
        } else {
            out.push(path);
        }
    }
    Ok(out)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

fn gunzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out).ok().map(|_| out)
}

fn unbrotli(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    ::brotli::BrotliDecompress(&mut &bytes[..], &mut out).ok().map(|()| out)
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = ::brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    ::brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to memory");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn writes_both_encodings_once_and_skips_small_and_binary_files() {
        let root = tempfile::tempdir().unwrap();
        let text = "gemeente ".repeat(500);
        fs::create_dir(root.path().join("data")).unwrap();
        fs::write(root.path().join("data/layer.geojson"), &text).unwrap();
        fs::write(root.path().join("small.js"), "x").unwrap();
        fs::write(root.path().join("icon.png"), vec![0u8; 4096]).unwrap();
        assert_eq!(compress_tree(root.path()).unwrap(), Report { compressed: 1, removed: 0 });
        assert_eq!(compress_tree(root.path()).unwrap(), Report::default(), "up to date");

        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&fs::read(root.path().join("data/layer.geojson.gz")).unwrap()[..])
            .read_to_string(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, text);
        let mut unbrotlied = Vec::new();
        ::brotli::BrotliDecompress(&mut &fs::read(root.path().join("data/layer.geojson.br")).unwrap()[..], &mut unbrotlied).unwrap();
        assert_eq!(unbrotlied, text.as_bytes());
        assert!(!root.path().join("small.js.gz").exists() && !root.path().join("icon.png.br").exists());
    }

    #[test]
    fn stale_orphaned_and_small_copies_never_outlive_their_original() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("verbanden.json");
        fs::write(&data, "oud ".repeat(400)).unwrap();
        compress_tree(root.path()).unwrap();
        // The original changes, but its copies get a newer date (as `cp -p` or `git checkout` do).
        fs::write(&data, "nieuw ".repeat(400)).unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
        for copy in ["verbanden.json.gz", "verbanden.json.br"] {
            fs::File::options().write(true).open(root.path().join(copy)).unwrap().set_modified(later).unwrap();
        }
        // An index.html that shrank below 1 KiB, with a copy of its old self; and an orphan.
        fs::write(root.path().join("index.html"), "<!doctype html>").unwrap();
        fs::write(root.path().join("index.html.br"), brotli(b"old page")).unwrap();
        fs::write(root.path().join("gone.js.gz"), gzip(b"old script")).unwrap();
        fs::write(root.path().join("archive.tar.gz"), "not a copy").unwrap();
        assert_eq!(compress_tree(root.path()).unwrap(), Report { compressed: 1, removed: 2 });
        assert_eq!(unbrotli(&fs::read(root.path().join("verbanden.json.br")).unwrap()).unwrap(), "nieuw ".repeat(400).as_bytes());
        assert_eq!(gunzip(&fs::read(root.path().join("verbanden.json.gz")).unwrap()).unwrap(), "nieuw ".repeat(400).as_bytes());
        assert!(!root.path().join("index.html.br").exists() && !root.path().join("gone.js.gz").exists());
        assert!(root.path().join("archive.tar.gz").exists(), "only copies of compressible files are touched");
    }
}
