//! `kaartviewer-server`: serves the viewer, the published dataset and the editing platform.
//!
//! ```text
//! kaartviewer-server [serve]            serve on --address (default 127.0.0.1:8080)
//! kaartviewer-server serve --static-only   only dist/, as a static deployment (no database, no editor)
//! kaartviewer-server export [--commit]  write the stored records to data/verbanden/*.json and CSV
//! kaartviewer-server import             read data/verbanden/*.json back into the database
//! ```
//!
//! Every setting is also an environment variable (`KAARTVIEWER_…`, see `--help`). A setting
//! that cannot work (no built site, a bad frame-ancestors list, an address that cannot be
//! bound, a database that cannot be opened) stops the start with one message and exit status 2.

use clap::{Args, Parser, Subcommand};
use kaartviewer_server::config::{self, Config, Limits};
use kaartviewer_server::{AppState, listener, storage};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser)]
#[command(name = "kaartviewer-server", version, about = "Serves the kaartviewer: the built viewer, the published dataset and the editing platform")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    settings: Settings,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the viewer, the dataset from storage and the editing API (the default).
    Serve {
        /// Serve only the built site, as a static deployment would: no database, no editing
        /// API, `data/verbanden.json` as built.
        #[arg(long, env = "KAARTVIEWER_STATIC_ONLY")]
        static_only: bool,
    },
    /// Write the current curated and edited records to data/verbanden/*.json and CSV.
    Export {
        /// Also commit the written files with git.
        #[arg(long)]
        commit: bool,
    },
    /// Read data/verbanden/*.json back into the database (one revision per changed record).
    Import,
}

#[derive(Args)]
struct Settings {
    /// Address to listen on; port 0 picks a free port (printed at start).
    #[arg(long, global = true, env = "KAARTVIEWER_ADDRESS", default_value = "127.0.0.1:8080")]
    address: String,
    /// The built site (trunk build --release).
    #[arg(long, global = true, env = "KAARTVIEWER_DIST", default_value = "dist")]
    dist: PathBuf,
    /// The repository's data folder: seeded from on first start, exported to.
    #[arg(long, global = true, env = "KAARTVIEWER_DATA", default_value = "data")]
    data: PathBuf,
    /// The build's server bundle (register and division records, codes).
    #[arg(long, global = true, env = "KAARTVIEWER_BASIS", default_value = "target/generated/server/basis.json")]
    basis: PathBuf,
    /// The SQLite database (created and seeded on first start).
    #[arg(long, global = true, env = "KAARTVIEWER_DATABASE", default_value = "var/kaartviewer.sqlite")]
    database: PathBuf,
    /// Who may show the viewer in a frame: a CSP source list such as
    /// "'self' https://www.provincie-utrecht.nl". Default: 'self' and the hosts of the
    /// built data/embedding.json.
    #[arg(long, global = true, env = "KAARTVIEWER_FRAME_ANCESTORS")]
    frame_ancestors: Option<String>,
    /// Send the session cookie without `Secure` (only for plain-HTTP tests on a host other
    /// than 127.0.0.1; never in production).
    #[arg(long, global = true, env = "KAARTVIEWER_INSECURE_COOKIES")]
    insecure_cookies: bool,
    /// Open connections at most; more wait in the kernel's queue.
    #[arg(long, global = true, env = "KAARTVIEWER_MAX_CONNECTIONS", default_value_t = Limits::default().max_connections)]
    max_connections: usize,
    /// Milliseconds a client has to send a request head (also the keep-alive idle time).
    #[arg(long, global = true, env = "KAARTVIEWER_HEADER_TIMEOUT_MS", default_value_t = millis(Limits::default().header_timeout))]
    header_timeout_ms: u64,
    /// Milliseconds a request may take, its body included (then 408).
    #[arg(long, global = true, env = "KAARTVIEWER_BODY_TIMEOUT_MS", default_value_t = millis(Limits::default().body_timeout))]
    body_timeout_ms: u64,
    /// Milliseconds a write to the client may make no progress before the connection is cut.
    #[arg(long, global = true, env = "KAARTVIEWER_WRITE_TIMEOUT_MS", default_value_t = millis(Limits::default().write_timeout))]
    write_timeout_ms: u64,
    /// Longest request line, bytes (then 414).
    #[arg(long, global = true, env = "KAARTVIEWER_MAX_REQUEST_LINE_BYTES", default_value_t = Limits::default().max_request_line_bytes)]
    max_request_line_bytes: usize,
    /// Largest request head, bytes (then 431).
    #[arg(long, global = true, env = "KAARTVIEWER_MAX_HEADER_BYTES", default_value_t = Limits::default().max_header_bytes)]
    max_header_bytes: usize,
    /// Largest request body, bytes (then 413).
    #[arg(long, global = true, env = "KAARTVIEWER_MAX_BODY_BYTES", default_value_t = Limits::default().max_body_bytes)]
    max_body_bytes: usize,
    /// Milliseconds requests in flight may take to finish after SIGTERM/SIGINT.
    #[arg(long, global = true, env = "KAARTVIEWER_SHUTDOWN_GRACE_MS", default_value_t = millis(Limits::default().shutdown_grace))]
    shutdown_grace_ms: u64,
}

fn millis(duration: Duration) -> u64 {
    duration.as_millis() as u64
}

/// Exit status of a configuration that cannot work.
const BAD_CONFIGURATION: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = cli.settings;
    let config = match configure(&settings) {
        Ok(config) => config,
        Err(message) => return fail(&message, BAD_CONFIGURATION),
    };
    match cli.command.unwrap_or(Command::Serve { static_only: false }) {
        Command::Serve { static_only } => serve(config, static_only),
        Command::Export { commit } => report(storage::transfer::export(&config, commit)),
        Command::Import => report(storage::transfer::import(&config)),
    }
}

/// The configuration the settings describe; every problem as one message.
fn configure(settings: &Settings) -> Result<Config, String> {
    let address: SocketAddr = settings
        .address
        .parse()
        .map_err(|_| format!("--address {:?} is not an IP address with a port, such as 127.0.0.1:8080", settings.address))?;
    let frame_ancestors = match &settings.frame_ancestors {
        Some(list) => list.clone(),
        None => config::published_frame_ancestors(&settings.dist)?,
    };
    let limits = Limits {
        max_connections: settings.max_connections,
        header_timeout: Duration::from_millis(settings.header_timeout_ms),
        body_timeout: Duration::from_millis(settings.body_timeout_ms),
        write_timeout: Duration::from_millis(settings.write_timeout_ms),
        max_request_line_bytes: settings.max_request_line_bytes,
        max_header_bytes: settings.max_header_bytes,
        max_body_bytes: settings.max_body_bytes,
        shutdown_grace: Duration::from_millis(settings.shutdown_grace_ms),
        ..Limits::default()
    };
    let admin_password = std::env::var("KAARTVIEWER_ADMIN_PASSWORD").ok().filter(|p| !p.is_empty());
    Ok(Config {
        address,
        frame_ancestors,
        admin_password,
        secure_cookies: !settings.insecure_cookies,
        limits,
        ..Config::for_paths(settings.dist.clone(), settings.data.clone(), settings.basis.clone(), settings.database.clone())
    })
}

fn serve(mut config: Config, static_only: bool) -> ExitCode {
    if let Err(message) = config.check() {
        return fail(&message, BAD_CONFIGURATION);
    }
    match listener::fit_open_file_limit(config.limits.max_connections) {
        Ok(fitted) if fitted < config.limits.max_connections => {
            eprintln!(
                "kaartviewer-server: the open-file limit allows {fitted} connections at once, not {} (raise it with `ulimit -n` or LimitNOFILE=)",
                config.limits.max_connections
            );
            config.limits.max_connections = fitted;
        }
        Ok(_) => {}
        Err(message) => return fail(&message, BAD_CONFIGURATION),
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}"), 1),
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(config.address).await {
            Ok(listener) => listener,
            Err(e) => return fail(&format!("cannot listen on {}: {e}", config.address), BAD_CONFIGURATION),
        };
        let bound = listener.local_addr().map_or(config.address, |a| a);
        let dist = config.dist.display().to_string();
        let limits = config.limits.clone();
        let (app, what) = if static_only {
            (kaartviewer_server::static_app(&config), "static site")
        } else {
            match tokio::task::spawn_blocking(move || AppState::open(config)).await {
                Ok(Ok(state)) => (kaartviewer_server::app(state), "site and editor"),
                Ok(Err(message)) => return fail(&message, BAD_CONFIGURATION),
                Err(e) => return fail(&format!("opening the database failed: {e}"), 1),
            }
        };
        // Tests start the server on port 0 and read the real address from this line.
        println!("Serving {dist} ({what}) at http://{bound}/ (Ctrl-C stops)");
        listener::serve(listener, app, limits, listener::shutdown_signal()).await;
        eprintln!("kaartviewer-server: stopped");
        ExitCode::SUCCESS
    })
}

fn report(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => fail(&message, 1),
    }
}

fn fail(message: &str, status: u8) -> ExitCode {
    // Control characters from a file name or setting could rewrite the terminal.
    let message: String = message.chars().map(|c| if c.is_control() && c != '\n' { '\u{fffd}' } else { c }).collect();
    eprintln!("kaartviewer-server: error: {message}");
    ExitCode::from(status)
}
