//! The checked-in JSON Schemas: current with the Rust model, accepted by a real JSON Schema
//! validator for the upstream default configs, and rejecting typos and quoted booleans.

mod common;

use edgecfg::document::Document;
use edgecfg::model::{ConfigKind, generate_schema, schema};

fn checked_in(kind: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(common::root().join(format!("schemas/{kind}.schema.json")))
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn schemas_are_current() {
    for kind in [ConfigKind::CloudCore, ConfigKind::EdgeCore] {
        let file = common::root().join(format!("schemas/{}.schema.json", kind.name()));
        let on_disk = std::fs::read_to_string(&file).unwrap();
        let generated = format!(
            "{}\n",
            serde_json::to_string_pretty(&generate_schema(kind)).unwrap()
        );
        assert_eq!(
            schema(kind),
            &generate_schema(kind),
            "the embedded schema is the generated one"
        );
        assert!(
            on_disk == generated,
            "{} is stale: run tools/update-schemas.sh",
            file.display()
        );
    }
    let file = common::root().join("schemas/profile.schema.json");
    let generated = format!(
        "{}\n",
        serde_json::to_string_pretty(&edgecfg::profile::profile_schema()).unwrap()
    );
    assert!(
        std::fs::read_to_string(&file).unwrap() == generated,
        "{} is stale: run tools/update-schemas.sh",
        file.display()
    );
}

#[test]
fn builtin_profiles_match_the_profile_schema() {
    let schema = checked_in("profile");
    for (name, text) in edgecfg::profile::BUILTIN {
        let json = Document::parse(*text)
            .unwrap()
            .value(0)
            .unwrap()
            .to_json()
            .unwrap();
        let errs = errors(&schema, &json);
        assert!(errs.is_empty(), "{name}: {errs:?}");
    }
    let bad = serde_json::json!({"name": "x", "description": "y", "operations": [{"target": "edgecore", "sett": {}}]});
    assert!(!errors(&schema, &bad).is_empty());
}

fn upstream_json(file: &str) -> Option<serde_json::Value> {
    let dir = common::shared("fixtures/kubeedge/generated")?;
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    Some(
        Document::parse(text)
            .unwrap()
            .value(0)
            .unwrap()
            .to_json()
            .unwrap(),
    )
}

fn errors(schema: &serde_json::Value, instance: &serde_json::Value) -> Vec<String> {
    let validator = jsonschema::draft202012::new(schema).expect("a valid draft 2020-12 schema");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn schemas_accept_the_upstream_configs() {
    for (kind, files) in [
        (
            "cloudcore",
            [
                "cloudcore--defaultconfig.stdout.yaml",
                "cloudcore--minconfig.stdout.yaml",
            ],
        ),
        (
            "edgecore",
            [
                "edgecore--defaultconfig.stdout.yaml",
                "edgecore--minconfig.stdout.yaml",
            ],
        ),
    ] {
        let schema = checked_in(kind);
        for f in files {
            let Some(json) = upstream_json(f) else { return };
            let errs = errors(&schema, &json);
            assert!(errs.is_empty(), "{f}: {errs:?}");
        }
    }
}

#[test]
fn schemas_reject_typos_and_quoted_booleans() {
    let Some(mut json) = upstream_json("edgecore--defaultconfig.stdout.yaml") else {
        return;
    };
    let schema = checked_in("edgecore");
    let stream = json
        .pointer_mut("/modules/edgeStream")
        .unwrap()
        .as_object_mut()
        .unwrap();
    stream.insert("enabel".into(), serde_json::Value::Bool(true));
    let errs = errors(&schema, &json);
    assert!(errs.iter().any(|e| e.contains("enabel")), "{errs:?}");

    let Some(mut json) = upstream_json("edgecore--defaultconfig.stdout.yaml") else {
        return;
    };
    *json.pointer_mut("/modules/edgeStream/enable").unwrap() =
        serde_json::Value::String("true".into());
    assert!(!errors(&schema, &json).is_empty());

    let Some(mut json) = upstream_json("cloudcore--defaultconfig.stdout.yaml") else {
        return;
    };
    json.as_object_mut()
        .unwrap()
        .insert("modulez".into(), serde_json::json!({}));
    assert!(!errors(&checked_in("cloudcore"), &json).is_empty());
}

#[test]
fn readme_rules_tables_are_the_registry() {
    use edgecfg::model::rules::{Scope, markdown_table_for};
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    for (marker, scope) in [("rules", Scope::Validate), ("check-rules", Scope::Check)] {
        let (open, close) = (
            format!("<!-- {marker}:start -->\n"),
            format!("<!-- {marker}:end -->"),
        );
        let start = readme
            .find(&open)
            .unwrap_or_else(|| panic!("README has {open}"));
        let end = readme
            .find(&close)
            .unwrap_or_else(|| panic!("README has {close}"));
        let in_readme = &readme[start + open.len()..end];
        assert!(
            in_readme == markdown_table_for(scope),
            "README's {marker} table is stale: replace it with the `{}` table of `edgecfg explain --format markdown`",
            scope.as_str()
        );
    }
}

/// `lib/releases/*.json` are what `tools/gen-releases.py` makes of the per-release
/// inventories and default dumps in `../shared` (adding a release: add its data, run the tool).
#[test]
fn release_data_is_current() {
    let Some(versions) = common::shared("fixtures/kubeedge/versions") else {
        return;
    };
    let out = std::process::Command::new("python3")
        .arg(common::root().join("tools/gen-releases.py"))
        .args(["--stdout", "--versions"])
        .arg(&versions)
        .output()
        .expect("python3 runs tools/gen-releases.py");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut checked_in = Vec::new();
    for name in ["cloudcore", "edgecore", "edgecore-v1alpha1"] {
        checked_in.extend(format!("== {name}\n").into_bytes());
        checked_in.extend(
            std::fs::read(common::root().join(format!("lib/releases/{name}.json"))).unwrap(),
        );
    }
    assert!(
        out.stdout == checked_in,
        "lib/releases/*.json are stale: run python3 tools/gen-releases.py"
    );
}
