//! Validates configuration files and prints the findings as JSON (from the library's
//! `Serialize` types), with each rule's registry entry.
//!
//! `cargo run -p edgecfg --example validate -- FILE...`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        let doc = edgecfg::Document::parse(text)?;
        let report = edgecfg::validate(&doc, 0, None)?;
        println!("{path}: {}", serde_json::to_string_pretty(&report)?);
        for f in &report.findings {
            println!("{}: {}", f.rule, f.rule.rule().kubeedge);
        }
    }
    Ok(())
}
