//! `kaartviewer-server`: serves the viewer, the published dataset and the editing platform.

fn main() {
    eprintln!("kaartviewer-server: not yet wired");
    std::process::exit(2);
}
