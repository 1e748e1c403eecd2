//! `edgecfg agent`: the fleet agent's command line (the pod on every edge node runs it).

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use edgecfg::agent::{self, ClusterApi, HealthCheck, NoApi, RestartMethod, Settings};

use crate::report::{Failure, Out};

/// Arguments of `edgecfg agent`. Every flag also reads an environment variable, so the chart
/// sets them without a shell.
#[derive(Args, Debug)]
pub struct AgentArgs {
    /// The agent's configuration (profiles, parameters, per-node values); `profile-*.yaml`
    /// files beside it are profiles it may name.
    #[arg(
        long,
        value_name = "PATH",
        env = "EDGECFG_AGENT_CONFIG",
        default_value = "/etc/edgecfg/agent.yaml"
    )]
    config: PathBuf,
    /// The host's edgecore.yaml (as mounted in the pod).
    #[arg(
        long,
        value_name = "PATH",
        env = "EDGECFG_EDGECORE",
        default_value = "/etc/kubeedge/config/edgecore.yaml"
    )]
    edgecore: PathBuf,
    /// This node's name (the chart sets NODE_NAME from `spec.nodeName`).
    #[arg(long, value_name = "NAME", env = "NODE_NAME")]
    node: Option<String>,
    /// How edgecore is restarted after a change: `systemctl` (nsenter into PID 1, then
    /// `systemctl restart UNIT`; needs hostPID and a privileged container), `signal` (SIGTERM
    /// to the edgecore process, systemd restarts it; needs hostPID and CAP_KILL), `command`
    /// (--restart-command) or `none`.
    #[arg(long, value_name = "METHOD", env = "EDGECFG_RESTART", default_value = "systemctl", value_parser = ["systemctl", "signal", "command", "none"])]
    restart: String,
    /// The systemd unit for `--restart systemctl`.
    #[arg(
        long,
        value_name = "UNIT",
        env = "EDGECFG_UNIT",
        default_value = "edgecore"
    )]
    unit: String,
    /// The program and arguments for `--restart command`, separated by spaces (run as given,
    /// without a shell).
    #[arg(long, value_name = "ARGV", env = "EDGECFG_RESTART_COMMAND")]
    restart_command: Option<String>,
    /// The name of edgecore's process (`/proc/PID/comm`).
    #[arg(
        long,
        value_name = "NAME",
        env = "EDGECFG_PROCESS",
        default_value = "edgecore"
    )]
    process_name: String,
    /// The process table to look in (the host's with hostPID).
    #[arg(long, value_name = "PATH", default_value = "/proc")]
    proc: PathBuf,
    /// Seconds the new edgecore process may take to appear after the restart.
    #[arg(
        long,
        value_name = "SECS",
        env = "EDGECFG_START_TIMEOUT",
        default_value_t = 60
    )]
    start_timeout: u64,
    /// Seconds the new edgecore process must stay up to count as healthy.
    #[arg(
        long,
        value_name = "SECS",
        env = "EDGECFG_STABLE_SECONDS",
        default_value_t = 30
    )]
    stable_seconds: u64,
    /// Seconds to wait for the Node's Ready condition after the restart, when the API answers
    /// (0: not checked).
    #[arg(
        long,
        value_name = "SECS",
        env = "EDGECFG_READY_TIMEOUT",
        default_value_t = 120
    )]
    ready_timeout: u64,
    /// The status file (the last run's JSON report), on the host.
    #[arg(
        long,
        value_name = "PATH",
        env = "EDGECFG_STATUS_FILE",
        default_value = "/var/lib/edgecfg/status.json"
    )]
    status_file: PathBuf,
    /// A file written when the run succeeded and removed when it did not: the pod's readiness
    /// (`edgecfg agent --probe` checks it).
    #[arg(
        long,
        value_name = "PATH",
        env = "EDGECFG_READY_FILE",
        default_value = "/tmp/edgecfg-ready"
    )]
    ready_file: PathBuf,
    /// keadm's lock file on the host.
    #[arg(
        long,
        value_name = "PATH",
        env = "EDGECFG_KEADM_LOCK",
        default_value = "/etc/kubeedge/idempotency_record"
    )]
    keadm_lock: PathBuf,
    /// Seconds to wait for keadm to release its lock.
    #[arg(
        long,
        value_name = "SECS",
        env = "EDGECFG_LOCK_WAIT",
        default_value_t = 0
    )]
    lock_wait: u64,
    /// The Kubernetes API: `auto` (in-cluster when the pod has a service account token and that
    /// answers, else metaServer), `in-cluster`, `metaserver` or `none`.
    #[arg(long, value_name = "API", env = "EDGECFG_API", default_value = "auto", value_parser = ["auto", "in-cluster", "metaserver", "none"])]
    api: String,
    /// KubeEdge's metaServer on the node.
    #[arg(
        long,
        value_name = "URL",
        env = "EDGECFG_METASERVER",
        default_value = "http://127.0.0.1:10550"
    )]
    metaserver: String,
    /// The namespace Events go to when the API is metaServer (in-cluster: the pod's own).
    #[arg(
        long,
        value_name = "NS",
        env = "POD_NAMESPACE",
        default_value = "default"
    )]
    namespace: String,
    /// The annotation domain: `DOMAIN/applied`, `DOMAIN/result`, ….
    #[arg(long, value_name = "DOMAIN", env = "EDGECFG_DOMAIN", default_value = agent::DEFAULT_DOMAIN)]
    domain: String,
    #[command(flatten)]
    release: crate::ReleaseArg,
    /// Try again although the last run for the same profiles and parameters rolled back.
    #[arg(long, env = "EDGECFG_RETRY")]
    retry: bool,
    /// After the run, keep running until terminated (a DaemonSet pod).
    #[arg(long, env = "EDGECFG_STAY")]
    stay: bool,
    /// Only check the ready file: exit 0 when the last run of this pod succeeded (a
    /// readinessProbe).
    #[arg(long)]
    probe: bool,
}

/// Runs the agent; the exit code is the run's (0 applied or unchanged, 1 rolled back or held,
/// 2 failed).
pub fn run(out: &mut Out, args: &AgentArgs) -> Result<u8, Failure> {
    if args.probe {
        return Ok(if args.ready_file.is_file() { 0 } else { 1 });
    }
    let command: Vec<String> = args
        .restart_command
        .as_deref()
        .map(|c| c.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    let restart =
        RestartMethod::parse(&args.restart, &args.unit, &command).map_err(Failure::usage)?;
    let settings = Settings {
        config: args.config.clone(),
        edgecore: args.edgecore.clone(),
        node: args.node.clone().filter(|n| !n.is_empty()),
        restart,
        health: HealthCheck {
            process: args.process_name.clone(),
            proc_root: args.proc.clone(),
            start_timeout: Duration::from_secs(args.start_timeout),
            stable_for: Duration::from_secs(args.stable_seconds),
            // the edgecore that reads this file, not every process of that name
            config: Some(args.edgecore.clone()),
            ..HealthCheck::default()
        },
        ready_timeout: Duration::from_secs(args.ready_timeout),
        status_file: Some(args.status_file.clone()),
        ready_file: Some(args.ready_file.clone()),
        keadm_lock: args.keadm_lock.clone(),
        lock_wait: Duration::from_secs(args.lock_wait),
        domain: args.domain.clone(),
        release: args.release.kubeedge_version,
        retry: args.retry,
    };
    // SIGTERM (the pod deleted) mid-run: release keadm's lock and remove temporary files; the
    // status file says `in-progress`, and the next run finishes the check.
    crate::install_signal_cleanup();
    let mut api = api(args)?;
    let report = agent::run(&settings, api.as_mut());
    out.text(&format!(
        "{}
",
        serde_json::to_string(&report).map_err(Failure::plain)?
    ))?;
    let code = report.result.exit_code();
    if args.stay {
        // The pod stays up (and Ready only when the run succeeded) until it is replaced.
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
    Ok(code)
}

fn api(args: &AgentArgs) -> Result<Box<dyn ClusterApi>, Failure> {
    let metaserver = || {
        agent::HttpApi::new(
            &args.metaserver,
            None,
            None,
            &args.namespace,
            &format!("metaServer {}", args.metaserver),
        )
        .map(|a| Box::new(a) as Box<dyn ClusterApi>)
        .map_err(Failure::plain)
    };
    match args.api.as_str() {
        "none" => Ok(Box::new(NoApi)),
        "metaserver" => metaserver(),
        "in-cluster" => match agent::HttpApi::in_cluster() {
            Some(a) => Ok(Box::new(a.map_err(Failure::plain)?)),
            None => Err(Failure::usage(
                "--api in-cluster: the pod has no KUBERNETES_SERVICE_HOST or service account token"
                    .into(),
            )),
        },
        // In-cluster when the pod has a token, and metaServer when that does not answer (on an
        // edge node the cluster's service address is often unreachable without EdgeMesh).
        _ => match agent::HttpApi::in_cluster() {
            Some(Ok(a)) => Ok(Box::new(agent::FirstThatAnswers::new(vec![
                Box::new(a),
                metaserver()?,
            ]))),
            // Built without TLS, or no usable service account: metaServer alone.
            Some(Err(_)) | None => metaserver(),
        },
    }
}
