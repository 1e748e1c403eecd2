//! The checked-edit path end to end, as an embedder calls it.

use super::*;
use crate::RuleId;

const EDGE: &str = "apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\nmodules:\n  edgeHub:\n    heartbaet: 15   # an existing error\n  edged:\n    hostnameOverride: edge-node-01\n";

fn streams_on() -> Vec<Profile> {
    crate::profile::resolve(&["streams-on"], &[]).unwrap()
}

fn params() -> Params {
    Params::new().with("cloudAddress", "192.0.2.10")
}

#[test]
fn existing_errors_are_kept_and_reported_new_ones_refuse() {
    let outcome = Editor::open("e.yaml", EDGE)
        .unwrap()
        .apply(&streams_on(), &params(), &ApplyOptions::new())
        .unwrap()
        .finish()
        .unwrap();
    assert!(outcome.changed());
    assert_eq!(outcome.existing(Severity::Error), 1);
    assert_eq!(outcome.existing_findings[0].rule, RuleId::UnknownKey);
    assert!(
        outcome
            .new_findings
            .iter()
            .all(|f| f.severity != Severity::Error)
    );
    let c = &outcome.changes[0];
    assert_eq!(c.path, "modules.edgeStream.enable");
    assert_eq!(
        (c.action, c.old.clone(), c.new.clone()),
        (Action::Set, None, Some(true.into()))
    );
    assert_eq!(c.profile.as_deref(), Some("streams-on"));
    assert!(c.reason.is_some());

    // A new error (QUIC next to websocket, which KubeEdge refuses) refuses the result, with the
    // finding located in the result.
    let err = Editor::open("e.yaml", EDGE)
        .unwrap()
        .set(&[Assignment::parse("modules.edgeHub.quic.enable=true", false).unwrap()])
        .unwrap()
        .finish()
        .unwrap_err();
    let Error::Invalid { findings, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].finding.rule, RuleId::EdgehubTransport);
    assert!(std::error::Error::source(&err).is_none());
}

#[test]
fn a_typo_is_refused_before_editing_unless_checks_are_off() {
    let a = Assignment::parse("modules.edgeStream.enabel=true", false).unwrap();
    let err = Editor::open("e.yaml", EDGE)
        .unwrap()
        .set(std::slice::from_ref(&a))
        .unwrap_err();
    assert!(matches!(&err, Error::Refused { .. }), "{err}");
    assert!(std::error::Error::source(&err).is_some());
    let outcome = Editor::open("e.yaml", EDGE)
        .unwrap()
        .checks(false)
        .set(&[a])
        .unwrap()
        .finish()
        .unwrap();
    assert!(outcome.after().contains("enabel: true"));
}

#[test]
fn the_config_a_configmap_embeds_is_edited_in_place() {
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cloudcore\ndata:\n  cloudcore.yaml: |\n    apiVersion: cloudcore.config.kubeedge.io/v1alpha1\n    kind: CloudCore\n    modules:\n      cloudHub:\n        advertiseAddress: [192.0.2.10]   # kept\n      cloudStream:\n        enable: false\n";
    let outcome = Editor::open("cm.yaml", cm)
        .unwrap()
        .apply(&streams_on(), &Params::new(), &ApplyOptions::new())
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(outcome.kind, Some(ConfigKind::CloudCore));
    assert_eq!(outcome.embedded.as_deref(), Some("cloudcore.yaml"));
    assert_eq!(
        outcome.after(),
        cm.replace("        enable: false\n", "        enable: true\n")
    );
    // Outcomes serialize (the CLI's JSON and embedders' reports come from this).
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["changes"][0]["path"], "modules.cloudStream.enable");
    assert_eq!(json["kind"], "cloudcore");
    // Idempotent.
    let again = Editor::open("cm.yaml", outcome.after())
        .unwrap()
        .apply(&streams_on(), &Params::new(), &ApplyOptions::new())
        .unwrap()
        .finish()
        .unwrap();
    assert!(!again.changed() && again.changes.is_empty());
}

#[test]
fn apply_needs_a_config_and_a_stream_picks_its_one_config() {
    let err = Editor::open("x.yaml", "kind: Service\n")
        .unwrap()
        .apply(&streams_on(), &params(), &ApplyOptions::new())
        .unwrap_err();
    assert!(matches!(err, Error::NotAConfig { .. }), "{err}");
    let stream = format!("kind: Service\n---\n{EDGE}");
    let outcome = Editor::open("s.yaml", stream)
        .unwrap()
        .apply(&streams_on(), &params(), &ApplyOptions::new())
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(outcome.document, 1);
    // After an empty first document, KubeEdge reads nothing of the file: refused.
    let err = Editor::open("e.yaml", format!("---\n# nothing\n---\n{EDGE}"))
        .unwrap()
        .apply(&streams_on(), &params(), &ApplyOptions::new())
        .unwrap_err();
    assert!(
        matches!(err, Error::NotAConfig { .. }) && err.to_string().contains("first document"),
        "{err}"
    );
    let err = Editor::open("bad.yaml", "a: [").unwrap_err();
    assert!(
        matches!(&err, Error::Parse { .. }) && err.place().is_some(),
        "{err}"
    );
}
