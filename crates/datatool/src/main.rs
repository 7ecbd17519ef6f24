//! `datatool`: prepares and checks the data of the kaartviewer (the server, `kaartviewer-server`,
//! serves a built site).

mod atomic;
mod audit;
mod boundaries;
mod build_report;
mod compress;
mod crosswalk;
mod embedding;
mod history_check;
mod derive;
mod manifest;
mod prerender;
mod register;
mod sources;
mod verbanden;

use clap::{Parser, Subcommand};
use kaartviewer_core::text_check::terminal_safe;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where `build` writes the app's dataset (copied into `dist/` by Trunk).
const DEFAULT_DATASET: &str = "target/generated/data/verbanden.json";
/// Where `build` writes the server's bundle by default: outside the folder Trunk copies.
const DEFAULT_SERVER_BUNDLE: &str = "target/generated/server/basis.json";

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
        #[arg(long, default_value = DEFAULT_DATASET)]
        out: PathBuf,
        /// The server's bundle (register and division records, boundary codes, water boards):
        /// what `kaartviewer-server` publishes from; kept out of `dist/`. Default:
        /// `target/generated/server/basis.json` with the default --out, else `basis.json`
        /// beside --out (so a build into a scratch folder leaves the real bundle alone).
        #[arg(long)]
        server_bundle: Option<PathBuf>,
    },
    /// Compare the curated records with the GR-register: members, legal form, dates, ended or
    /// replaced regelingen, and records not checked for a year. Findings explained in
    /// data/README.md ("Verschillen met het GR-register") are listed apart; others fail.
    Audit {
        #[command(flatten)]
        inputs: DatasetInputs,
        /// The day to audit on (default: today).
        #[arg(long, env = "KAARTVIEWER_TODAY")]
        today: Option<String>,
    },
    /// Write a dataset file as CSV (one row per verband and member) for a spreadsheet.
    Export {
        json: PathBuf,
        /// Output file (default: standard output). Never the input; an existing file only with --force.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace an existing output file.
        #[arg(long)]
        force: bool,
    },
    /// Read a CSV written by `export` (and edited) back into a dataset file.
    Import {
        csv: PathBuf,
        /// Output file (default: standard output). Never the input; an existing file only with --force.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace an existing output file.
        #[arg(long)]
        force: bool,
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
    /// Write the national gemeente map into the built site's index.html (at its
    /// `<!-- prerendered map -->` marker), so the first map needs no wasm and no boundary file.
    Prerender {
        #[arg(default_value = "dist")]
        root: PathBuf,
    },
    /// Cross-check the national inventory of 2016 (OpenGR) with the built dataset: regelingen
    /// of 2016 missing from our data, ours in force on 2016-01-01 missing from the inventory,
    /// and the participant names that match no gemeente.
    HistoryCheck {
        #[arg(long, default_value = "../shared/registers/opengr-2016/gemeenschappelijke_regelingen/provincies/opengr_provincies.csv")]
        inventory: PathBuf,
        #[arg(long, default_value = "target/generated/data/verbanden.json")]
        dataset: PathBuf,
        #[arg(long, default_value = "target/generated/data/boundaries/gemeente_2025.national.geojson")]
        gemeenten: PathBuf,
        /// The data folder (herindelingen.toml, opengr-2016-names.toml).
        #[arg(long, default_value = "data")]
        data: PathBuf,
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
    /// Folder holding the register copies (`roo/`; checked first; also KAARTVIEWER_REGISTERS).
    #[arg(long, env = "KAARTVIEWER_REGISTERS")]
    registers: Option<PathBuf>,
    #[arg(long, default_value = "target/registers-cache")]
    registers_cache: PathBuf,
    /// A mirror of the registers folder to download from when no copy is found (none by default).
    #[arg(long, env = "KAARTVIEWER_REGISTERS_URL")]
    registers_url: Option<String>,
}

impl DatasetInputs {
    fn load(&self) -> Result<verbanden::Loaded, String> {
        let repo_root = self.data.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let locations = sources::Locations {
            explicit: self.geodata.clone(),
            shared: sources::shared_geodata(repo_root),
            cache: self.cache.clone(),
        };
        let register_locations = register::RegisterLocations {
            explicit: self.registers.clone(),
            shared: register::shared_registers(repo_root),
            cache: self.registers_cache.clone(),
            mirror: self.registers_url.clone(),
        };
        verbanden::load(&verbanden::Paths::in_data_dir(&self.data), &locations, &register_locations)
    }

    /// The labels problems in built records are reported under.
    fn labels(&self) -> (String, String) {
        (
            self.data.join("derived.toml (derived)").display().to_string(),
            self.data.join("registers.toml (GR-register)").display().to_string(),
        )
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Loads and checks everything `validate` and `build` read, before anything is written:
/// prints every warning and every problem (the dataset's and the embedding allow-list's),
/// and is an error when there is any problem.
fn check_all(inputs: &DatasetInputs, what: &str) -> Result<(verbanden::Loaded, embedding::Embedding), String> {
    let loaded = inputs.load()?;
    for warning in &loaded.warnings {
        eprintln!("datatool: warning: {}", terminal_safe(warning));
    }
    let (derived, register) = inputs.labels();
    let problems = verbanden::problems(&loaded, &derived, &register);
    for p in &problems {
        println!("{p}");
    }
    let embedding = embedding::load(&inputs.data.join("embedding.toml"));
    let embedding_problems = embedding.as_ref().err().map_or(0, |e| e.lines().count());
    if let Err(e) = &embedding {
        println!("{}", terminal_safe(e));
    }
    match embedding {
        Ok(embedding) if problems.is_empty() => Ok((loaded, embedding)),
        _ => Err(format!("{} problem(s) in the dataset; {what}", problems.len() + embedding_problems)),
    }
}

/// Writes `text` to `out` (atomically), or prints it when there is no `out`.
fn write_or_print(out: Option<&Path>, text: &str) -> Result<(), String> {
    match out {
        Some(path) => atomic::write(path, text.as_bytes()),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// For `export` and `import`: refuses an output that is the input or (without `--force`)
/// exists, before any work is done.
fn check_out(out: Option<&Path>, input: &Path, force: bool) -> Result<(), String> {
    out.map_or(Ok(()), |out| atomic::check_output(out, &[input], force))
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Boundaries { manifest, geodata, cache, out } => prepare_boundaries(&manifest, geodata, cache, &out),
        Command::Validate { inputs } => check_all(&inputs, "nothing was changed").map(|(loaded, _)| {
            let curated: usize = loaded.curated.iter().map(|(_, f)| f.verbanden.len()).sum();
            println!(
                "datatool: the dataset is valid: {curated} curated, {} derived and {} register verbanden",
                loaded.derived.len(),
                loaded.imported.verbanden.len()
            );
        }),
        Command::Build { inputs, out, server_bundle } => check_all(&inputs, "the app's dataset was not built").and_then(|(loaded, hosts)| {
            // Everything is checked and serialised before the first file is written.
            let (built, merge_report) = verbanden::merge(&loaded);
            let json = serde_json::to_string(&built).map_err(|e| e.to_string())?;
            let hosts_json = serde_json::to_string(&hosts).map_err(|e| e.to_string())?;
            let basis_json = serde_json::to_string(&verbanden::server_basis(&loaded)).map_err(|e| e.to_string())?;
            let server_bundle = server_bundle.unwrap_or_else(|| {
                if out == Path::new(DEFAULT_DATASET) { PathBuf::from(DEFAULT_SERVER_BUNDLE) } else { out.with_file_name("basis.json") }
            });
            for file in [&out, &server_bundle] {
                if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                }
            }
            write_or_print(Some(&out), &json)?;
            write_or_print(Some(&server_bundle), &basis_json)?;
            // The embedding allow-list goes beside it, for the app's message checks.
            write_or_print(Some(&out.with_file_name("embedding.json")), &hosts_json)?;
            println!("datatool: wrote {}: {} verbanden, {} bytes", out.display(), built.verbanden.len(), json.len());
            println!("datatool: wrote {} (the server's bundle): {} bytes", server_bundle.display(), basis_json.len());
            build_report::print(&loaded, &built, &merge_report, &today());
            Ok(())
        }),
        Command::Audit { inputs, today: day } => inputs.load().and_then(|loaded| {
            let readme = std::fs::read_to_string(inputs.data.join("README.md")).unwrap_or_default();
            audit::run(&loaded, &readme, &day.unwrap_or_else(today))
        }),
        Command::Export { json, out, force } => check_out(out.as_deref(), &json, force).and_then(|()| {
            verbanden::export(&json).map_err(|problems| problems.join("\n")).and_then(|csv| write_or_print(out.as_deref(), &csv))
        }),
        Command::Import { csv, out, force } => check_out(out.as_deref(), &csv, force).and_then(|()| {
            verbanden::import(&csv)
                .map_err(|problems| format!("{}\n{} problem(s); nothing was written", problems.join("\n"), problems.len()))
                .and_then(|json| write_or_print(out.as_deref(), &json))
        }),
        Command::HistoryCheck { inventory, dataset, gemeenten, data } => history_check::run(&inventory, &dataset, &gemeenten, &data),
        Command::Schema { out } => write_or_print(Some(&out), &verbanden::schema()),
        Command::Compress { root } => compress::compress_tree(&root).map(|r| {
            println!("compressed {} files in {}; removed {} stale copies", r.compressed, root.display(), r.removed)
        }),
        Command::Prerender { root } => prerender::prerender(&root).map(|r| {
            println!("pre-rendered {} regions ({} bytes of SVG) into {}", r.regions, r.bytes, root.join("index.html").display())
        }),
        Command::Csp { root, frame_ancestors } => {
            let frame_ancestors = frame_ancestors.unwrap_or_else(|| published_frame_ancestors(&root));
            kaartviewer_core::csp::check_frame_ancestors(&frame_ancestors).and_then(|()| {
                std::fs::read_to_string(root.join("index.html"))
                    .map(|html| println!("Content-Security-Policy: {}", kaartviewer_core::csp::policy(&html, &frame_ancestors)))
                    .map_err(|e| format!("{}: {e}", root.join("index.html").display()))
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("datatool: error: {}", terminal_safe(&message));
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
        .map_or_else(|| kaartviewer_core::csp::DEFAULT_FRAME_ANCESTORS.to_string(), |e| embedding::frame_ancestors(&e))
}
