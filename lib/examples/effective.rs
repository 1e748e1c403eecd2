//! Prints the effective configuration of a file — KubeEdge's defaults with the file decoded
//! onto them — as JSON, through the typed model.
//!
//! `cargo run -p edgecfg --example effective -- FILE`

use edgecfg::model::{ConfigKind, cloudcore::CloudCoreConfig, edgecore::EdgeCoreConfig, effective};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: effective FILE")?;
    let doc = edgecfg::Document::parse(std::fs::read_to_string(&path)?)?;
    let kind = edgecfg::model::detect(&doc.value(0)?)
        .config_kind()
        .ok_or("not a CloudCore or EdgeCore configuration")?;
    let json = match kind {
        ConfigKind::CloudCore => {
            serde_json::to_value(effective::<CloudCoreConfig>(&doc, 0, kind)?.0)?
        }
        ConfigKind::EdgeCore => {
            serde_json::to_value(effective::<EdgeCoreConfig>(&doc, 0, kind)?.0)?
        }
    };
    println!("{}", serde_json::to_string_pretty(&json)?);
    Ok(())
}
