//! `datatool`: prepares and checks the data of the kaartviewer, and serves a built site.

mod boundaries;
mod compress;
mod crosswalk;
mod csp;
mod embedding;
mod derive;
mod manifest;
mod serve;
mod sources;
mod verbanden;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(about = "Data tool of the kaartviewer samenwerkingsverbanden")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Resolve, verify and prepare the boundary files for the app.
    Boundaries {
        /// The source manifest.
        #[arg(long, default_value = "data/sources.toml")]
        manifest: PathBuf,
        /// Folder holding the source files (checked first; also KAARTVIEWER_GEODATA).
        #[arg(long, env = "KAARTVIEWER_GEODATA")]
        geodata: Option<PathBuf>,
        /// Download cache for sources found nowhere else.
        #[arg(long, default_value = "target/geodata-cache")]
        cache: PathBuf,
        /// Output folder for the GeoJSON files and boundaries.json.
        #[arg(long, default_value = "target/generated/data/boundaries")]
        out: PathBuf,
    },
    /// Check the partnership dataset: every problem, with file, record and field.
    Validate {
        #[command(flatten)]
        inputs: DatasetInputs,
    },
    /// Validate, then write the merged dataset (derived + curated) for the app.
    Build {
        #[command(flatten)]
        inputs: DatasetInputs,
        #[arg(long, default_value = "target/generated/data/verbanden.json")]
        out: PathBuf,
    },
    /// Write a dataset file as CSV (one row per verband and member) for a spreadsheet.
    Export {
        json: PathBuf,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Read a CSV written by `export` (and edited) back into a dataset file.
    Import {
        csv: PathBuf,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write the dataset's JSON Schema.
    Schema {
        #[arg(long, default_value = "data/verbanden.schema.json")]
        out: PathBuf,
    },
    /// Write precompressed copies (.gz, .br) of the built site's text and wasm files.
    Compress {
        #[arg(default_value = "dist")]
        root: PathBuf,
    },
    /// Serve a built site on loopback (sending the precompressed copies when the browser accepts them).
    Serve {
        #[arg(default_value = "dist")]
        root: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        address: String,
        /// Who may show the viewer in a frame: a CSP source list (also KAARTVIEWER_FRAME_ANCESTORS).
        /// Default: the site itself and the hosts of the built data/embedding.json.
        #[arg(long, env = "KAARTVIEWER_FRAME_ANCESTORS")]
        frame_ancestors: Option<String>,
    },
    /// Print the Content-Security-Policy header for a built site.
    Csp {
        #[arg(default_value = "dist")]
        root: PathBuf,
        #[arg(long, env = "KAARTVIEWER_FRAME_ANCESTORS")]
        frame_ancestors: Option<String>,
    },
}

#[derive(clap::Args)]
struct DatasetInputs {
    /// The data folder (sources.toml, waterschappen.toml, derived.toml, verbanden/).
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// Folder holding the source files (checked first; also KAARTVIEWER_GEODATA).
    #[arg(long, env = "KAARTVIEWER_GEODATA")]
    geodata: Option<PathBuf>,
    #[arg(long, default_value = "target/geodata-cache")]
    cache: PathBuf,
}

impl DatasetInputs {
    fn load(&self) -> Result<verbanden::Loaded, String> {
        let repo_root = self.data.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let locations = sources::Locations {
            explicit: self.geodata.clone(),
            shared: sources::shared_geodata(repo_root),
            cache: self.cache.clone(),
        };
        verbanden::load(&verbanden::Paths::in_data_dir(&self.data), &locations)
    }
}

/// Prints every problem; an error when there is any.
fn report_problems(problems: &[kaartviewer_core::dataset::Problem], what: &str) -> Result<(), String> {
    for p in problems {
        println!("{p}");
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{} problem(s) in the dataset; {what}", problems.len()))
    }
}

fn write_or_print(out: Option<&Path>, text: &str) -> Result<(), String> {
    match out {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Boundaries { manifest, geodata, cache, out } => prepare_boundaries(&manifest, geodata, cache, &out),
        Command::Validate { inputs } => inputs.load().and_then(|loaded| {
            let derived = inputs.data.join("derived.toml (derived)").display().to_string();
            report_problems(&verbanden::problems(&loaded, &derived), "nothing was changed")?;
            let curated: usize = loaded.curated.iter().map(|(_, f)| f.verbanden.len()).sum();
            println!("datatool: the dataset is valid: {curated} curated and {} derived verbanden", loaded.derived.len());
            Ok(())
        }),
        Command::Build { inputs, out } => inputs.load().and_then(|loaded| {
            let derived = inputs.data.join("derived.toml (derived)").display().to_string();
            report_problems(&verbanden::problems(&loaded, &derived), "the app's dataset was not built")?;
            let built = verbanden::merge(&loaded);
            if let Some(dir) = out.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            let json = serde_json::to_string(&built).map_err(|e| e.to_string())?;
            write_or_print(Some(&out), &json)?;
            // The embedding allow-list goes beside it, for the app's message checks.
            let hosts = embedding::load(&inputs.data.join("embedding.toml"))?;
            let hosts_out = out.with_file_name("embedding.json");
            write_or_print(Some(&hosts_out), &serde_json::to_string(&hosts).map_err(|e| e.to_string())?)?;
            println!("datatool: wrote {}: {} verbanden, {} bytes", out.display(), built.verbanden.len(), json.len());
            Ok(())
        }),
        Command::Export { json, out } => verbanden::export(&json)
            .map_err(|problems| problems.join("\n"))
            .and_then(|csv| write_or_print(out.as_deref(), &csv)),
        Command::Import { csv, out } => verbanden::import(&csv)
            .map_err(|problems| format!("{}\n{} problem(s); nothing was written", problems.join("\n"), problems.len()))
            .and_then(|json| write_or_print(out.as_deref(), &json)),
        Command::Schema { out } => write_or_print(Some(&out), &verbanden::schema()),
        Command::Compress { root } => compress::compress_tree(&root).map(|n| println!("compressed {n} files in {}", root.display())),
        Command::Serve { root, address, frame_ancestors } => {
            let frame_ancestors = frame_ancestors.unwrap_or_else(|| published_frame_ancestors(&root));
            serve::serve(&root, &address, &frame_ancestors)
        }
        Command::Csp { root, frame_ancestors } => {
            let frame_ancestors = frame_ancestors.unwrap_or_else(|| published_frame_ancestors(&root));
            std::fs::read_to_string(root.join("index.html"))
                .map(|html| println!("Content-Security-Policy: {}", csp::policy(&html, &frame_ancestors)))
                .map_err(|e| format!("{}: {e}", root.join("index.html").display()))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("datatool: error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn prepare_boundaries(manifest_path: &Path, geodata: Option<PathBuf>, cache: PathBuf, out: &Path) -> Result<(), String> {
    let (text, manifest) = manifest::Manifest::read(manifest_path)?;
    let repo_root = manifest_path.parent().and_then(Path::parent).unwrap_or(Path::new("."));
    let repo_root = if repo_root.as_os_str().is_empty() { Path::new(".") } else { repo_root };
    let locations = sources::Locations { explicit: geodata, shared: sources::shared_geodata(repo_root), cache };
    let report = boundaries::prepare(&text, &manifest, &locations, out)?;
    if report.skipped {
        println!("datatool: boundaries in {} are up to date", out.display());
    }
    for line in report.lines {
        println!("datatool: {line}");
    }
    Ok(())
}

/// `frame-ancestors` from a built site's `data/embedding.json`: the site itself and the
/// allowed hosts (only the site itself when the file is missing or unreadable).
fn published_frame_ancestors(root: &Path) -> String {
    std::fs::read_to_string(root.join("data/embedding.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<embedding::Embedding>(&text).ok())
        .map_or_else(|| csp::DEFAULT_FRAME_ANCESTORS.to_string(), |e| embedding::frame_ancestors(&e))
}
