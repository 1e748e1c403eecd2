//! `edgecfg fleet status` and `edgecfg fleet configupdatejob`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use edgecfg::agent::{self, AgentConfig};
use edgecfg::fleet::{self, JobSpec, JobTarget, RolloutState};

use crate::report::{Failure, Out};

/// `edgecfg fleet …`.
#[derive(Subcommand, Debug)]
pub enum FleetCommand {
    /// Where a rollout of the agent is: applied / failed / offline / pending per edge node,
    /// from the Nodes' annotations (`kubectl get nodes -o json`, or the API).
    ///
    /// Exit status: 0 every edge node applied; 1 some did not (yet); 2 could not run.
    #[command(
        after_help = "Examples:\n  kubectl get nodes -o json | edgecfg fleet status -\n  kubectl -n kubeedge get configmap edgecfg-agent -o yaml > agent-cm.yaml\n  edgecfg fleet status nodes.json --agent-config agent-cm.yaml\n  edgecfg fleet status --server https://192.0.2.1:6443 --token-file token --ca-file ca.crt --format json"
    )]
    Status(StatusArgs),
    /// Print a KubeEdge ConfigUpdateJob (1.21.2+, 1.22.2+, 1.23.1) for profiles, when it can
    /// express them; the limitations go with it as comments.
    ///
    /// Refuses removals, values with `,` or `=`, values taken from each node's own file, and
    /// the releases with the updateFields command injection (CVE-2026-62182). Exit status: 0
    /// printed, 2 refused.
    #[command(
        after_help = "Examples:\n  edgecfg fleet configupdatejob -p streams-on --param cloudAddress=192.0.2.10 --kubeedge-version 1.23.1 --nodes edge-1,edge-2\n  edgecfg fleet configupdatejob -p streams-on --param cloudAddress=192.0.2.10 --kubeedge-version 1.22.2 --selector site=north | kubectl apply -f -"
    )]
    Configupdatejob(JobArgs),
}

/// Arguments of `edgecfg fleet status`.
#[derive(Args, Debug)]
pub struct StatusArgs {
    /// `kubectl get nodes -o json` (a file, or `-` for standard input). Not with --server.
    nodes: Option<PathBuf>,
    /// The agent's configuration — agent.yaml with its profile-*.yaml beside it, or the chart's
    /// ConfigMap (`kubectl get configmap edgecfg-agent -o yaml`): what each node should have is
    /// computed from it, so nodes whose agent has not run since it changed are pending. Without
    /// it, each node's last reported `desired` counts.
    #[arg(long, value_name = "PATH")]
    agent_config: Option<PathBuf>,
    /// The annotation domain.
    #[arg(long, value_name = "DOMAIN", default_value = agent::DEFAULT_DOMAIN)]
    domain: String,
    /// Count every node, not only those labelled `node-role.kubernetes.io/edge`.
    #[arg(long)]
    all_nodes: bool,
    /// Read the Nodes from this API server instead of a file.
    #[arg(long, value_name = "URL")]
    server: Option<String>,
    /// A bearer token file for --server.
    #[arg(long, value_name = "PATH")]
    token_file: Option<PathBuf>,
    /// The CA bundle (PEM) for --server.
    #[arg(long, value_name = "PATH")]
    ca_file: Option<PathBuf>,
    /// Output format: `human`, or `json` (`{"counts": {...}, "nodes": [{"name", "state",
    /// "ready", "expected", "applied", "result", "time", "reason"}]}`).
    #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
    format: String,
}

/// Arguments of `edgecfg fleet configupdatejob`.
#[derive(Args, Debug)]
pub struct JobArgs {
    #[command(flatten)]
    profile: crate::apply::ProfileArgs,
    /// Take the profiles and parameters from the agent's configuration (agent.yaml) instead of
    /// --profile/--param; refused when it has per-node values.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["profiles", "params", "profile_files"])]
    agent_config: Option<PathBuf>,
    /// The KubeEdge release of the cluster, with its patch number (1.21.2+, 1.22.2+, 1.23.1).
    #[arg(long, value_name = "X.Y.Z", required = true)]
    kubeedge_version: edgecfg::model::Release,
    /// The nodes, comma-separated (`spec.nodeNames`).
    #[arg(
        long,
        value_name = "NAMES",
        value_delimiter = ',',
        conflicts_with = "selector",
        required_unless_present = "selector"
    )]
    nodes: Vec<String>,
    /// Node labels, `KEY=VALUE` comma-separated (`spec.labelSelector.matchLabels`).
    #[arg(long, value_name = "LABELS", value_delimiter = ',')]
    selector: Vec<String>,
    /// The job's name. Default: `edgecfg-` and the profile names.
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// `spec.concurrency`: nodes at a time, per cloudcore instance.
    #[arg(long, value_name = "N", default_value_t = 1)]
    concurrency: i32,
    /// `spec.timeoutSeconds` (KubeEdge <= 1.23.1 never applies it once a node reported).
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    timeout: u32,
    /// `spec.failureTolerate`: the share of nodes that may fail.
    #[arg(long, value_name = "RATIO", default_value = "0")]
    failure_tolerate: String,
}

/// Runs a `fleet` subcommand.
pub fn run(out: &mut Out, command: &FleetCommand) -> Result<u8, Failure> {
    match command {
        FleetCommand::Status(a) => status(out, a),
        FleetCommand::Configupdatejob(a) => job(out, a),
    }
}

fn status(out: &mut Out, a: &StatusArgs) -> Result<u8, Failure> {
    let nodes: serde_json::Value = match (&a.server, &a.nodes) {
        (Some(_), Some(_)) => {
            return Err(Failure::usage(
                "give a nodes file or --server, not both".into(),
            ));
        }
        (Some(server), None) => {
            let token = match &a.token_file {
                Some(p) => Some(crate::read_input(p)?.trim().to_owned()),
                None => None,
            };
            let ca = match &a.ca_file {
                Some(p) => Some(std::fs::read(p).map_err(|e| Failure::in_file(p, e))?),
                None => None,
            };
            let mut api = agent::HttpApi::new(server, token, ca.as_deref(), "default", server)
                .map_err(Failure::plain)?;
            api.nodes().map_err(Failure::plain)?
        }
        (None, Some(path)) => {
            let text = crate::read_input(path)?;
            serde_json::from_str(&text).map_err(|e| {
                Failure::plain(format!(
                    "{}:{}:{}: {e} (give `kubectl get nodes -o json`)",
                    path.display(),
                    e.line(),
                    e.column()
                ))
            })?
        }
        (None, None) => {
            return Err(Failure::usage(
                "give `kubectl get nodes -o json` as a file or `-`, or --server".into(),
            ));
        }
    };
    let agent = match &a.agent_config {
        Some(p) => Some(AgentConfig::load(p).map_err(Failure::plain)?),
        None => None,
    };
    let r =
        fleet::rollout(&nodes, &a.domain, agent.as_ref(), a.all_nodes).map_err(Failure::plain)?;
    let states = [
        RolloutState::Applied,
        RolloutState::Failed,
        RolloutState::Offline,
        RolloutState::Pending,
    ];
    if a.format == "json" {
        let counts: serde_json::Map<String, serde_json::Value> = states
            .iter()
            .map(|s| (s.as_str().to_owned(), r.count(*s).into()))
            .collect();
        out.text(&format!(
            "{}\n",
            serde_json::json!({"counts": counts, "nodes": r.nodes})
        ))?;
    } else {
        let mut text = String::new();
        let counts: Vec<String> = states
            .iter()
            .map(|s| format!("{} {}", s.as_str(), r.count(*s)))
            .collect();
        text.push_str(&format!(
            "edge nodes: {} ({})\n",
            r.nodes.len(),
            counts.join(", ")
        ));
        for state in &states[1..] {
            let of: Vec<_> = r.nodes.iter().filter(|n| n.state == *state).collect();
            if of.is_empty() {
                continue;
            }
            text.push_str(&format!("{}:\n", state.as_str()));
            for n in of {
                let line = match state {
                    RolloutState::Failed => format!(
                        "{} at {}: {}",
                        n.result.as_deref().unwrap_or("?"),
                        n.time.as_deref().unwrap_or("?"),
                        n.reason.as_deref().unwrap_or("no reason recorded")
                    ),
                    RolloutState::Offline => format!(
                        "Ready {}",
                        match n.ready {
                            Some(false) => "not True",
                            _ => "unknown",
                        }
                    ),
                    _ => format!(
                        "applied {}, expected {}",
                        n.applied.as_deref().unwrap_or("nothing yet"),
                        n.expected
                            .as_deref()
                            .unwrap_or("(unknown: give --agent-config)")
                    ),
                };
                text.push_str(&format!("  {}  {line}\n", n.name));
            }
        }
        out.text(&text)?;
    }
    Ok(u8::from(r.count(RolloutState::Applied) != r.nodes.len()))
}

fn job(out: &mut Out, a: &JobArgs) -> Result<u8, Failure> {
    let mut refusals = Vec::new();
    let (profiles, params, names) = match &a.agent_config {
        Some(path) => {
            let (config, files) = AgentConfig::load(path).map_err(Failure::plain)?;
            for (what, empty) in [
                ("nodes", config.nodes.is_empty()),
                (
                    "paramsFromNodeLabels",
                    config.params_from_node_labels.is_empty(),
                ),
                (
                    "paramsFromNodeAnnotations",
                    config.params_from_node_annotations.is_empty(),
                ),
            ] {
                if !empty {
                    refusals.push(format!(
                        "{}: `{what}` gives per-node values; a ConfigUpdateJob has one updateFields for every node",
                        path.display()
                    ));
                }
            }
            let d = config
                .desired(&files, &agent::NodeFacts::default())
                .map_err(Failure::plain)?;
            (d.profiles.clone(), d.params(), config.profiles.clone())
        }
        None => {
            let (p, params) = crate::apply::resolve(&a.profile)?;
            (p, params, a.profile.profiles.clone())
        }
    };
    let target = if a.nodes.is_empty() {
        let mut labels = BTreeMap::new();
        for s in &a.selector {
            let (k, v) = s
                .split_once('=')
                .ok_or_else(|| Failure::usage(format!("--selector `{s}` is not KEY=VALUE")))?;
            labels.insert(k.to_owned(), v.to_owned());
        }
        JobTarget::Labels(labels)
    } else {
        JobTarget::Nodes(a.nodes.clone())
    };
    let spec = JobSpec {
        name: a
            .name
            .clone()
            .unwrap_or_else(|| format!("edgecfg-{}", names.join("-"))),
        profiles: &profiles,
        params: &params,
        release: a.kubeedge_version,
        target,
        concurrency: a.concurrency,
        timeout_seconds: a.timeout,
        failure_tolerate: a.failure_tolerate.clone(),
    };
    let result = fleet::config_update_job(&spec);
    if let Err(more) = &result {
        refusals.extend(more.iter().cloned());
    }
    match result {
        Ok(_) if !refusals.is_empty() => report_refusals(&refusals),
        Err(_) => report_refusals(&refusals),
        Ok((job, notes)) => {
            let mut text = String::from("# A ConfigUpdateJob made by edgecfg. Know its limits:\n");
            for n in &notes {
                text.push_str(&format!("# - {n}\n"));
                eprintln!("edgecfg: note: {n}");
            }
            text.push_str(&edgecfg::Value::from_json(&job).to_block_yaml());
            out.text(&text)?;
            Ok(0)
        }
    }
}

fn report_refusals(reasons: &[String]) -> Result<u8, Failure> {
    for r in reasons {
        eprintln!("edgecfg: error: {r}");
    }
    eprintln!(
        "edgecfg: no ConfigUpdateJob printed ({} reason{}); `edgecfg agent` (helm/edgecfg-agent) applies any profile",
        reasons.len(),
        if reasons.len() == 1 { "" } else { "s" }
    );
    Ok(2)
}
