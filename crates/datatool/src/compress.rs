//! Precompressed copies of the built site: next to each text or wasm file a `.gz` and a `.br`,
//! so a static server (ours, or nginx with `gzip_static` / `brotli_static`) sends the small
//! version without compressing on every request.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Files worth compressing, by extension; images like PNG are compressed already.
const COMPRESSIBLE: [&str; 7] = ["html", "js", "wasm", "css", "json", "geojson", "svg"];

/// Below this size the header overhead is not worth it.
const MIN_BYTES: u64 = 1024;

/// Writes `.gz` and `.br` beside every compressible file below `root`, skipping those whose
/// copies are newer than the file. Returns how many files were (re)compressed.
pub fn compress_tree(root: &Path) -> Result<usize, String> {
    let mut done = 0;
    for file in files(root).map_err(|e| format!("{}: {e}", root.display()))? {
        let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        let size = fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        if !COMPRESSIBLE.contains(&extension) || size < MIN_BYTES {
            continue;
        }
        let (gz, br) = (sibling(&file, "gz"), sibling(&file, "br"));
        if is_newer(&gz, &file) && is_newer(&br, &file) {
            continue;
        }
        let bytes = fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        fs::write(&gz, gzip(&bytes)).map_err(|e| format!("{}: {e}", gz.display()))?;
        fs::write(&br, brotli(&bytes)).map_err(|e| format!("{}: {e}", br.display()))?;
        done += 1;
    }
    Ok(done)
}

/// `file` with `.extension` appended (`app.wasm` → `app.wasm.br`).
pub fn sibling(file: &Path, extension: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

fn is_newer(copy: &Path, original: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(copy), modified(original)), (Some(c), Some(o)) if c >= o)
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
        assert_eq!(compress_tree(root.path()).unwrap(), 1);
        assert_eq!(compress_tree(root.path()).unwrap(), 0, "up to date");

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
}
