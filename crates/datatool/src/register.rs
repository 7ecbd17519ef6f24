//! The national GR-register (ROO) on disk: found, verified file by file, read and converted.
//!
//! The register copy is a folder of YAML records with a `SHA256SUMS` file. The manifest
//! (`data/registers.toml`) pins the checksum of `SHA256SUMS`, which pins every record, so a
//! changed or damaged file is caught before anything is built from it.

use crate::sources::{download, sha256_hex};
use kaartviewer_core::dataset::Verband;
use kaartviewer_core::register::chain::{Regeling, regelingen};
use kaartviewer_core::register::convert::{Context, Converted, convert};
use kaartviewer_core::register::record::RooRecord;
use kaartviewer_core::register::successor::HerindelingTable;
use kaartviewer_core::register::superseded::{Supersession, find_superseded};
use kaartviewer_core::register::themes::{ThemeBasis, ThemeMapping};
use serde::Deserialize;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterManifest {
    pub roo: RooSource,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RooSource {
    pub folder: String,
    pub sums_sha256: String,
    pub retrieved: String,
    pub upstream: String,
}

/// Where to look for the register folder, in order.
#[derive(Debug, Clone)]
pub struct RegisterLocations {
    /// `--registers DIR` or `KAARTVIEWER_REGISTERS`.
    pub explicit: Option<PathBuf>,
    /// `../shared/registers/` beside the repository.
    pub shared: Option<PathBuf>,
    /// Download cache.
    pub cache: PathBuf,
    /// A mirror with the same layout (`KAARTVIEWER_REGISTERS_URL`); none by default.
    pub mirror: Option<String>,
}

/// The shared registers folder beside a repository root, if present.
pub fn shared_registers(repo_root: &Path) -> Option<PathBuf> {
    let dir = repo_root.join("../shared/registers");
    dir.is_dir().then_some(dir)
}

/// The files a `SHA256SUMS` lists: relative path → sha256.
fn parse_sums(text: &str, label: &str) -> Result<Vec<(String, String)>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let (sum, path) = line.split_once(char::is_whitespace).ok_or_else(|| format!("{label}: line {}: not `sha256  path`", i + 1))?;
            let path = path.trim_start().trim_start_matches('*').trim_start_matches("./");
            if sum.len() != 64 || !sum.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!("{label}: line {}: {sum:?} is not a sha256", i + 1));
            }
            if path.is_empty() || path.starts_with('/') || path.split('/').any(|p| p == ".." || p.is_empty()) {
                return Err(format!("{label}: line {}: path {path:?} is not a relative path inside the folder", i + 1));
            }
            Ok((path.to_string(), sum.to_ascii_lowercase()))
        })
        .collect()
}

/// The verified register: each listed file's bytes by relative path.
pub struct VerifiedFolder {
    pub origin: PathBuf,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Reads and verifies a register folder: `SHA256SUMS` against the pinned checksum, then
/// every file it lists against its line.
pub fn verify_folder(dir: &Path, source: &RooSource) -> Result<VerifiedFolder, String> {
    let sums_path = dir.join("SHA256SUMS");
    let sums = fs::read(&sums_path).map_err(|e| format!("{}: cannot read: {e}", sums_path.display()))?;
    let actual = sha256_hex(&sums);
    if !actual.eq_ignore_ascii_case(&source.sums_sha256) {
        return Err(format!(
            "{}: sha256 is {actual}, but data/registers.toml pins {}; the register copy is not the one this build was made for",
            sums_path.display(),
            source.sums_sha256
        ));
    }
    let sums = String::from_utf8(sums).map_err(|_| format!("{}: not UTF-8 text", sums_path.display()))?;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for (path, expected) in parse_sums(&sums, &sums_path.display().to_string())? {
        let full = dir.join(&path);
        match fs::read(&full) {
            Ok(bytes) if sha256_hex(&bytes) == expected => files.push((path, bytes)),
            Ok(bytes) => problems.push(format!("{}: sha256 is {}, but SHA256SUMS lists {expected}", full.display(), sha256_hex(&bytes))),
            Err(e) => problems.push(format!("{}: cannot read: {e}", full.display())),
        }
    }
    if !problems.is_empty() {
        let shown = problems.iter().take(20).cloned().collect::<Vec<_>>().join("\n");
        let more = if problems.len() > 20 { format!("\n… and {} more", problems.len() - 20) } else { String::new() };
        return Err(format!("{} file(s) of the register copy in {} differ from SHA256SUMS:\n{shown}{more}", problems.len(), dir.display()));
    }
    Ok(VerifiedFolder { origin: dir.to_path_buf(), files })
}

/// Finds the register folder (explicit, shared, cache, mirror download into the cache).
pub fn resolve(locations: &RegisterLocations, source: &RooSource) -> Result<VerifiedFolder, String> {
    for base in [&locations.explicit, &locations.shared].into_iter().flatten() {
        let dir = base.join(&source.folder);
        if dir.join("SHA256SUMS").is_file() {
            return verify_folder(&dir, source);
        }
    }
    let cached = locations.cache.join(&source.folder);
    if cached.join("SHA256SUMS").is_file()
        && let Ok(folder) = verify_folder(&cached, source)
    {
        return Ok(folder);
    }
    let looked = [&locations.explicit, &locations.shared].into_iter().flatten().map(|d| d.display().to_string()).collect::<Vec<_>>();
    let Some(mirror) = &locations.mirror else {
        return Err(format!(
            "the GR-register copy ({}/SHA256SUMS, from {}) was not found in [{}] or the cache {}; put it in ../shared/registers/, \
             pass --registers DIR, or set KAARTVIEWER_REGISTERS_URL to a mirror",
            source.folder,
            source.upstream,
            looked.join(", "),
            locations.cache.display()
        ));
    };
    download_folder(mirror, &cached, source)?;
    verify_folder(&cached, source)
}

/// Downloads `SHA256SUMS` and every file it lists from a mirror into `dir`.
fn download_folder(mirror: &str, dir: &Path, source: &RooSource) -> Result<(), String> {
    let base = format!("{}/{}", mirror.trim_end_matches('/'), source.folder);
    let sums = download(&format!("{base}/SHA256SUMS")).map_err(|e| format!("{base}/SHA256SUMS: download failed: {e}"))?;
    if !sha256_hex(&sums).eq_ignore_ascii_case(&source.sums_sha256) {
        return Err(format!("{base}/SHA256SUMS: the mirror's copy does not have the pinned sha256 {}", source.sums_sha256));
    }
    let list = parse_sums(&String::from_utf8_lossy(&sums), &format!("{base}/SHA256SUMS"))?;
    for (path, expected) in &list {
        let target = dir.join(path);
        if fs::read(&target).is_ok_and(|b| &sha256_hex(&b) == expected) {
            continue;
        }
        let bytes = download(&format!("{base}/{path}")).map_err(|e| format!("{base}/{path}: download failed: {e}"))?;
        if &sha256_hex(&bytes) != expected {
            return Err(format!("{base}/{path}: the downloaded file does not match SHA256SUMS"));
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        crate::atomic::write(&target, &bytes)?;
    }
    crate::atomic::write(&dir.join("SHA256SUMS"), &sums)
}

/// The register read into records, with the folder it came from.
pub struct Register {
    pub origin: PathBuf,
    pub records: Vec<RooRecord>,
    pub retrieved: String,
}

/// Parses the regeling records (`organisaties/gemeenschappelijke-regelingen/*.yaml`); every
/// file that cannot be read is named with its problem.
pub fn parse(folder: &VerifiedFolder, source: &RooSource) -> Result<Register, String> {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for (path, bytes) in &folder.files {
        if !(path.starts_with("organisaties/gemeenschappelijke-regelingen/") && path.ends_with(".yaml")) {
            continue;
        }
        let label = folder.origin.join(path).display().to_string();
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{label}: not UTF-8 (byte {})", e.valid_up_to()));
                continue;
            }
        };
        match serde_saphyr::from_str::<RooRecord>(text) {
            Ok(record) => {
                let unknown = record.unknown_fields();
                if unknown.is_empty() {
                    records.push(record);
                } else {
                    problems.push(format!(
                        "{label}: unknown field(s) {}: the register's format changed; check what they mean before importing",
                        unknown.join(", ")
                    ));
                }
            }
            Err(e) => problems.push(format!("{label}: cannot read the record: {}", first_line(&e.to_string()))),
        }
    }
    if problems.is_empty() {
        Ok(Register { origin: folder.origin.clone(), records, retrieved: source.retrieved.clone() })
    } else {
        Err(problems.join("\n"))
    }
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message)
}

/// The register turned into verbanden, with what the build reports about it.
pub struct Imported {
    /// Every regeling with a gemeente, provincie or waterschap member (open and ended),
    /// superseded ones left out.
    pub verbanden: Vec<Verband>,
    /// Every version's ROO id → its verband id (for `roo_id` links of curated records).
    pub version_of: HashMap<String, String>,
    pub superseded: Vec<Supersession>,
    /// The superseded verbanden themselves (for the audit and the report).
    pub superseded_verbanden: Vec<Verband>,
    pub stale_open_versions: Vec<String>,
    pub without_members: Vec<String>,
    pub fallback_themes: Vec<String>,
    pub successions: Vec<String>,
    /// Per verband id: members that are there only as the successor of a merged-away gemeente.
    pub successor_members: HashMap<String, Vec<String>>,
    pub open_regelingen: usize,
}

/// Converts every regeling.
pub fn import(
    register: &Register,
    themes: &ThemeMapping,
    herindelingen: &HerindelingTable,
    is_known_code: &dyn Fn(&str) -> bool,
) -> Result<Imported, String> {
    let mut organs: HashMap<String, &RooRecord> = HashMap::new();
    for record in register.records.iter().filter(|r| r.gr_meta.is_none()) {
        organs.insert(record.identifiers.roo_id.clone(), record);
        if let Some(gr) = &record.hoort_bij_gemeenschappelijke_regeling {
            organs.entry(gr.roo_id.clone()).or_insert(record);
        }
    }
    let context = Context { themes, herindelingen, is_known_code, organs: &organs, retrieved: &register.retrieved };
    let (chains, stale_open) = regelingen(&register.records);
    let mut converted: Vec<(Converted, &Regeling)> = Vec::new();
    let mut problems = Vec::new();
    let mut without_members = Vec::new();
    for chain in &chains {
        match convert(chain, &context) {
            Ok(c) => converted.push((c, chain)),
            Err(e) if e.ends_with("no gemeente, provincie or waterschap takes part") => without_members.push(e),
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Err(format!("the GR-register in {} cannot be imported:\n{}", register.origin.display(), problems.join("\n")));
    }
    let open: Vec<Verband> = converted.iter().filter(|(c, _)| c.verband.end_date.is_none()).map(|(c, _)| c.verband.clone()).collect();
    let superseded = find_superseded(&open);
    let mut version_of = HashMap::new();
    for (c, chain) in &converted {
        for v in &chain.versions {
            version_of.insert(v.identifiers.roo_id.clone(), c.verband.id.clone());
        }
    }
    let is_superseded = |id: &str| superseded.iter().any(|s| s.older == id);
    let (superseded_verbanden, verbanden): (Vec<Verband>, Vec<Verband>) =
        converted.iter().map(|(c, _)| c.verband.clone()).partition(|v| is_superseded(&v.id));
    Ok(Imported {
        open_regelingen: chains.iter().filter(|c| c.is_open()).count(),
        fallback_themes: converted
            .iter()
            .filter(|(c, _)| c.theme_basis == ThemeBasis::Fallback && c.verband.end_date.is_none())
            .map(|(c, _)| format!("{} ({})", c.verband.name, c.verband.id))
            .collect(),
        successions: converted.iter().flat_map(|(c, _)| c.successions.clone()).collect(),
        successor_members: converted
            .iter()
            .filter(|(c, _)| !c.successor_members.is_empty())
            .map(|(c, _)| (c.verband.id.clone(), c.successor_members.clone()))
            .collect(),
        stale_open_versions: stale_open.iter().map(|r| format!("ROO {} ({})", r.identifiers.roo_id, r.name())).collect(),
        without_members,
        verbanden,
        version_of,
        superseded,
        superseded_verbanden,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = "id: org:gr-x\ntype: gemeenschappelijke-regeling\nidentifiers:\n  roo_id: '1'\nnames:\n- value: Afvalschap X\n\
        valid_from: '2015-01-01'\nvalid_until: null\ngr_meta:\n  citeertitel: Afvalschap X\n  samenwerkingsvorm:\n    value: Openbaar lichaam\n\
        \x20 deelnemende_organisaties:\n  - naam: Gemeente Utrecht\n    roo_id: '2'\n    tooi: https://identifier.overheid.nl/tooi/id/gemeente/gm0344\n\
        \x20   toetredings_datum: '2015-01-01'\n  datum_inwerkingtreding: '2015-01-01'\nsources:\n- id: roo\n  retrieved: '2026-05-16'\n";

    /// A register folder with one record; returns the folder and its source pinned to it.
    fn folder(record: &str) -> (tempfile::TempDir, RooSource) {
        let dir = tempfile::tempdir().unwrap();
        let path = "organisaties/gemeenschappelijke-regelingen/x.yaml";
        std::fs::create_dir_all(dir.path().join("roo/organisaties/gemeenschappelijke-regelingen")).unwrap();
        std::fs::write(dir.path().join("roo").join(path), record).unwrap();
        let sums = format!("{}  ./{path}\n", sha256_hex(record.as_bytes()));
        std::fs::write(dir.path().join("roo/SHA256SUMS"), &sums).unwrap();
        let source = RooSource {
            folder: "roo".into(),
            sums_sha256: sha256_hex(sums.as_bytes()),
            retrieved: "2026-05-16".into(),
            upstream: "https://example.org".into(),
        };
        (dir, source)
    }

    fn locations(dir: &Path) -> RegisterLocations {
        RegisterLocations { explicit: Some(dir.to_path_buf()), shared: None, cache: dir.join("cache"), mirror: None }
    }

    #[test]
    fn a_verified_folder_is_read() {
        let (dir, source) = folder(RECORD);
        let verified = resolve(&locations(dir.path()), &source).unwrap();
        let register = parse(&verified, &source).unwrap();
        assert_eq!(register.records.len(), 1);
        assert_eq!(register.records[0].gr_meta.as_ref().unwrap().deelnemende_organisaties[0].naam, "Gemeente Utrecht");
    }

    #[test]
    fn a_sums_file_that_is_not_the_pinned_one_is_refused() {
        let (dir, mut source) = folder(RECORD);
        source.sums_sha256 = "0".repeat(64);
        let error = resolve(&locations(dir.path()), &source).err().unwrap();
        assert!(error.contains("SHA256SUMS") && error.contains("data/registers.toml pins"), "{error}");
    }

    #[test]
    fn a_changed_record_is_named() {
        let (dir, source) = folder(RECORD);
        std::fs::write(dir.path().join("roo/organisaties/gemeenschappelijke-regelingen/x.yaml"), RECORD.replace("X", "Y")).unwrap();
        let error = resolve(&locations(dir.path()), &source).err().unwrap();
        assert!(error.contains("x.yaml: sha256 is"), "{error}");
    }

    #[test]
    fn a_damaged_record_is_named_without_panicking() {
        for damaged in ["id: [unclosed\n", "\u{0}\u{1}garbage: : :\n", "identifiers: 5\n", "- a\n- b\n", ""] {
            let (dir, source) = folder(damaged);
            let verified = resolve(&locations(dir.path()), &source).unwrap();
            let error = parse(&verified, &source).err().unwrap();
            assert!(error.contains("x.yaml: cannot read the record"), "{damaged:?}: {error}");
        }
    }

    #[test]
    fn an_unknown_field_is_named() {
        let (dir, source) = folder(&format!("{RECORD}nieuw_veld: 1\n"));
        let verified = resolve(&locations(dir.path()), &source).unwrap();
        let error = parse(&verified, &source).err().unwrap();
        assert!(error.contains("x.yaml: unknown field(s) nieuw_veld"), "{error}");
    }

    #[test]
    fn a_sums_file_cannot_point_outside_the_folder() {
        assert!(parse_sums(&format!("{}  ../../etc/passwd\n", "a".repeat(64)), "SUMS").unwrap_err().contains("not a relative path"));
        assert!(parse_sums("xyz  a.yaml\n", "SUMS").unwrap_err().contains("is not a sha256"));
    }

    #[test]
    fn a_missing_folder_says_where_it_looked() {
        let dir = tempfile::tempdir().unwrap();
        let source = RooSource { folder: "roo".into(), sums_sha256: "0".repeat(64), retrieved: String::new(), upstream: String::new() };
        let error = resolve(&locations(dir.path()), &source).err().unwrap();
        assert!(error.contains("was not found") && error.contains("KAARTVIEWER_REGISTERS_URL"), "{error}");
    }

    #[test]
    fn a_mirror_fills_the_cache_and_is_verified() {
        let (dir, source) = folder(RECORD);
        let root = dir.path().to_path_buf();
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let address = server.server_addr().to_ip().unwrap();
        let serving = std::thread::spawn(move || {
            for _ in 0..2 {
                let request = server.recv().unwrap();
                let path = root.join(request.url().trim_start_matches('/'));
                let _ = match std::fs::read(&path) {
                    Ok(bytes) => request.respond(tiny_http::Response::from_data(bytes)),
                    Err(_) => request.respond(tiny_http::Response::empty(404)),
                };
            }
        });
        let cache = tempfile::tempdir().unwrap();
        let locations = RegisterLocations {
            explicit: None,
            shared: None,
            cache: cache.path().to_path_buf(),
            mirror: Some(format!("http://{address}")),
        };
        let verified = resolve(&locations, &source).unwrap();
        serving.join().unwrap();
        assert_eq!(verified.files.len(), 1);
        assert!(cache.path().join("roo/SHA256SUMS").is_file());
    }
}
