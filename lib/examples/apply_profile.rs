//! Applies a profile to a configuration file through the checked-edit path and writes it.
//!
//! `cargo run -p edgecfg --example apply_profile -- FILE [KEY=VALUE...]` (profile `streams-on`;
//! set `PROFILE` to use another). Prints the diff and the structured changes; a result with a
//! new validation error is refused and nothing is written.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: apply_profile FILE [KEY=VALUE...]");
        return ExitCode::from(2);
    };
    let profile = std::env::var("PROFILE").unwrap_or_else(|_| "streams-on".into());
    match run(&path, &profile, args.collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            let mut source = std::error::Error::source(&*e);
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            ExitCode::from(2)
        }
    }
}

fn run(path: &str, profile: &str, params: Vec<String>) -> Result<(), Box<dyn std::error::Error>> {
    let profiles = edgecfg::profile::resolve(&[profile], &[])?;
    let params = edgecfg::Params::parse(params)?;
    let outcome = edgecfg::Editor::read(path)?
        .apply(&profiles, &params, &Default::default())?
        .finish()?;
    print!("{}", outcome.diff());
    for change in &outcome.changes {
        println!("{change}");
    }
    for f in &outcome.existing_findings {
        println!("left as it was: {f}");
    }
    outcome.write(path, Default::default())?;
    Ok(())
}
