//! `datatool`: prepares and checks the data of the kaartviewer, and serves a built site.

mod boundaries;
mod manifest;
mod serve;
mod sources;

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
    /// Serve a built site on loopback.
    Serve {
        #[arg(default_value = "dist")]
        root: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        address: String,
    },
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Boundaries { manifest, geodata, cache, out } => prepare_boundaries(&manifest, geodata, cache, &out),
        Command::Serve { root, address } => serve::serve(&root, &address),
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
    let text = std::fs::read_to_string(manifest_path).map_err(|e| format!("{}: cannot read: {e}", manifest_path.display()))?;
    let manifest = manifest::Manifest::parse(&text).map_err(|e| format!("{}: {e}", manifest_path.display()))?;
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
