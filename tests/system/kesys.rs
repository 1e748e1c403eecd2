//! A real KubeEdge system on this machine, from nothing, in a temporary root: one cloud host
//! (etcd, kube-apiserver, cloudcore; optionally kube-controller-manager and kube-scheduler) and
//! N edge hosts (containerd + runc + edgecore), each host a network namespace, the edges with a
//! private mount namespace and their own cgroup root, joined by a bridge in the cloud host.
//!
//! The binaries are upstream's, from `../shared/tools/kesys` (or `$EDGECFG_KESYS`), unpacked into
//! `target/kesys/bin` once and checked against its `SHA256SUMS`. The layout follows that package's
//! recipe (its README lists the KubeEdge quirks it needed); this is our own harness. Teardown
//! ([`System::down`], also on drop) stops everything by its `Child`, removes the namespaces and
//! cgroups, and [`System::leftovers`] says what, if anything, is left on the host.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::common;
use crate::host::{cgroup_pids, iptables_rules, net_inode, ns_inode, procs, rss_kib};
use crate::proc::{Proc, must, run, signal};
pub use crate::tools::{Tools, tools};
pub use edge::Edge;

mod edge;

/// The cloud host's address (on the bridge, and the one cloudcore advertises).
pub const CLOUD_IP: &str = "10.213.0.1";

/// What to bring up.
#[derive(Debug, Clone)]
pub struct Options {
    /// Edge hosts (at least 1).
    pub edges: usize,
    /// cloudStream on in cloudcore.yaml from the start (as the chart has it); off is the Go default.
    pub cloud_stream: bool,
    /// Also kube-controller-manager and kube-scheduler (DaemonSets, Deployments, tokens).
    pub full: bool,
    /// A busybox pod `ticker-<node>` on every edge node.
    pub pods: bool,
    /// metaServer on at the edges and dynamicController in the cloud from the start (what the
    /// `edgemesh` profile sets): edge clients reach the API at the node's 127.0.0.1:10550.
    pub metaserver: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            edges: 2,
            cloud_stream: true,
            full: false,
            pods: true,
            metaserver: false,
        }
    }
}

/// A running system.
pub struct System {
    /// The tools it runs.
    pub tools: Tools,
    /// The options it was brought up with.
    pub opts: Options,
    /// Unique per system: names its namespaces, links and cgroups.
    pub prefix: String,
    /// Its temporary root (removed at teardown).
    pub root: PathBuf,
    /// Its logs and configs (kept: `target/kesys/logs/<prefix>`).
    pub logs: PathBuf,
    /// The cloud host's network namespace.
    pub cloud_ns: String,
    /// cloudcore.yaml.
    pub cloudcore_yaml: PathBuf,
    /// The PKI directory (CA, admin and metrics-server client certificates).
    pub pki: PathBuf,
    /// The edge hosts.
    pub edges: Vec<Edge>,
    cloud: Vec<Proc>,
    netns: Vec<String>,
    netns_inodes: Vec<u64>,
    cgroups: Vec<PathBuf>,
    host_iptables: String,
    host_kubeedge: bool,
    t0: Instant,
    /// Seconds from nothing to every edge node Ready.
    pub t_ready: Option<f64>,
    sampler: Option<(Arc<AtomicBool>, Arc<AtomicU64>, std::thread::JoinHandle<()>)>,
    down: bool,
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Polls `f` every half second until it is true or `secs` pass.
pub fn wait_for(secs: u64, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + Duration::from_secs(secs);
    loop {
        if f() {
            return true;
        }
        if Instant::now() >= end {
            return false;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

impl System {
    /// Brings a whole system up and waits until every edge node is Ready (and its pod runs).
    /// Panics (after tearing down what was started) when a step fails.
    pub fn up(tools: Tools, opts: Options) -> System {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let prefix = format!("ecs{:04x}", (nanos ^ std::process::id()) & 0xffff);
        let base = common::root().join("target/kesys");
        let root = base.join("runs").join(&prefix);
        let logs = base.join("logs").join(&prefix);
        for d in [&root, &logs] {
            fs::create_dir_all(d).unwrap();
        }
        let mut sys = System {
            tools,
            opts: opts.clone(),
            cloud_ns: format!("{prefix}-cloud"),
            cloudcore_yaml: root.join("cloud/cloudcore.yaml"),
            pki: root.join("pki"),
            prefix,
            root,
            logs,
            edges: vec![],
            cloud: vec![],
            netns: vec![],
            netns_inodes: vec![],
            cgroups: vec![],
            host_iptables: iptables_rules(),
            host_kubeedge: Path::new("/etc/kubeedge").exists(),
            t0: Instant::now(),
            t_ready: None,
            sampler: None,
            down: false,
        };
        sys.say(&format!(
            "up: {} edge host(s), cloudStream {}, control plane {}, root {}",
            opts.edges,
            if opts.cloud_stream { "on" } else { "off" },
            if opts.full { "full" } else { "minimal" },
            sys.root.display()
        ));
        sys.network();
        sys.start_sampler();
        sys.pki();
        sys.control_plane();
        sys.cloudcore();
        for i in 1..=opts.edges {
            sys.edge(i);
        }
        let names: Vec<String> = sys.edges.iter().map(|e| e.name.clone()).collect();
        for n in &names {
            let ok = wait_for(240, || {
                sys.kc(&[
                    "wait",
                    "--for=condition=Ready",
                    &format!("node/{n}"),
                    "--timeout=2s",
                ])
                .is_ok()
            });
            assert!(
                ok,
                "node {n} not Ready within 240 s; logs in {}",
                sys.logs.display()
            );
        }
        sys.t_ready = Some(sys.t0.elapsed().as_secs_f64());
        sys.say(&format!(
            "every edge node Ready after {:.1} s",
            sys.t_ready.unwrap()
        ));
        if opts.pods {
            if !opts.full {
                let _ = sys.kc(&["create", "serviceaccount", "default"]);
            }
            for n in &names {
                sys.apply(&format!(
                    "apiVersion: v1\nkind: Pod\nmetadata: {{name: ticker-{n}, namespace: default}}\nspec:\n  nodeName: {n}\n  automountServiceAccountToken: false\n  containers:\n  - name: ticker\n    image: localhost/kesys/busybox:1.35\n    imagePullPolicy: Never\n"
                ));
            }
            for n in &names {
                let ok = wait_for(240, || {
                    sys.kc(&[
                        "get",
                        "pod",
                        &format!("ticker-{n}"),
                        "-o",
                        "jsonpath={.status.phase}",
                    ])
                    .is_ok_and(|p| p == "Running")
                });
                assert!(ok, "pod ticker-{n} not Running within 240 s");
            }
            sys.say("every ticker pod Running");
        }
        sys
    }

    /// Prints a progress line (seconds since the start).
    pub fn say(&self, msg: &str) {
        eprintln!(
            "[{:6.1}s {}] {msg}",
            self.t0.elapsed().as_secs_f64(),
            self.prefix
        );
    }

    /// `argv` in the cloud host's network namespace.
    pub fn cloud_argv(&self, argv: &[&str]) -> Vec<String> {
        let mut v = s(&[
            "nsenter",
            &format!("--net=/run/netns/{}", self.cloud_ns),
            "--",
        ]);
        v.extend(argv.iter().map(|s| s.to_string()));
        v
    }

    /// Runs a command in the cloud host.
    pub fn cloud_run(&self, argv: &[&str]) -> Result<String, String> {
        let v = self.cloud_argv(argv);
        let refs: Vec<&str> = v.iter().map(String::as_str).collect();
        run(&refs)
    }

    /// kubectl as cluster admin, from the cloud host.
    pub fn kc(&self, args: &[&str]) -> Result<String, String> {
        let kubeconfig = self.root.join("cloud/admin.kubeconfig");
        let mut v = vec![
            self.tools.kubectl.to_str().unwrap(),
            "--kubeconfig",
            kubeconfig.to_str().unwrap(),
        ];
        v.extend_from_slice(args);
        self.cloud_run(&v)
    }

    /// `kubectl apply -f -` of `yaml`.
    pub fn apply(&self, yaml: &str) {
        let f = self
            .root
            .join(format!("apply-{}.yaml", self.t0.elapsed().as_nanos()));
        fs::write(&f, yaml).unwrap();
        self.kc(&["apply", "-f", f.to_str().unwrap()])
            .unwrap_or_else(|e| panic!("{e}"));
    }

    fn network(&mut self) {
        let p = self.prefix.clone();
        let cloud = self.cloud_ns.clone();
        self.netns.push(cloud.clone());
        must(&["ip", "netns", "add", &cloud]);
        self.netns_inodes
            .extend(ns_inode(&format!("/run/netns/{cloud}")));
        let ipc = |args: &[&str]| {
            let mut v = vec!["ip", "-n", cloud.as_str()];
            v.extend_from_slice(args);
            must(&v);
        };
        let br = format!("{p}-br");
        ipc(&["link", "set", "lo", "up"]);
        ipc(&["link", "add", &br, "type", "bridge"]);
        ipc(&["addr", "add", &format!("{CLOUD_IP}/24"), "dev", &br]);
        ipc(&["link", "set", &br, "up"]);
        // cloudcore finds its node IP through the default route (KubeEdge pkg/util.GetLocalIP):
        // a route into an ifb device, which discards what it is given, so nothing leaves.
        let d0 = format!("{p}-d0");
        ipc(&["link", "add", &d0, "type", "ifb"]);
        ipc(&["addr", "add", &format!("{CLOUD_IP}/32"), "dev", &d0]);
        ipc(&["link", "set", &d0, "up"]);
        ipc(&["route", "add", "default", "dev", &d0]);
        for i in 1..=self.opts.edges {
            let ns = format!("{p}-e{i}");
            self.netns.push(ns.clone());
            must(&["ip", "netns", "add", &ns]);
            self.netns_inodes
                .extend(ns_inode(&format!("/run/netns/{ns}")));
            let v = format!("{p}-v{i}");
            ipc(&[
                "link", "add", &v, "type", "veth", "peer", "name", "eth0", "netns", &ns,
            ]);
            ipc(&["link", "set", &v, "master", &br]);
            ipc(&["link", "set", &v, "up"]);
            let ip = format!("10.213.0.{}", i + 1);
            for args in [
                vec!["link", "set", "lo", "up"],
                vec!["addr", "add", &format!("{ip}/24"), "dev", "eth0"],
                vec!["link", "set", "eth0", "up"],
            ] {
                let mut a = vec!["ip", "-n", ns.as_str()];
                a.extend(args.iter().map(|s| &**s));
                must(&a);
            }
        }
        self.say(&format!(
            "network: {cloud} ({CLOUD_IP}) + {} edge namespaces on bridge {br}",
            self.opts.edges
        ));
    }

    fn start_sampler(&mut self) {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(0));
        let inodes: HashSet<u64> = self.netns_inodes.iter().copied().collect();
        let prefix = self.prefix.clone();
        let (st, pk) = (stop.clone(), peak.clone());
        let t = std::thread::spawn(move || {
            while !st.load(Ordering::SeqCst) {
                let kib = rss_kib(&inodes, &prefix);
                pk.fetch_max(kib, Ordering::SeqCst);
                for _ in 0..10 {
                    if st.load(Ordering::SeqCst) {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        });
        self.sampler = Some((stop, peak, t));
    }

    /// The highest total RSS (MiB) of the system's processes seen so far (sampled every second:
    /// every process in its network namespaces or its cgroups).
    pub fn peak_mib(&self) -> f64 {
        self.sampler
            .as_ref()
            .map_or(0.0, |(_, p, _)| p.load(Ordering::SeqCst) as f64 / 1024.0)
    }

    fn pki(&mut self) {
        crate::pki::make(&self.pki, &self.root.join("cloud"));
    }

    fn bin(&self, name: &str) -> String {
        self.tools.bin.join(name).to_str().unwrap().to_owned()
    }

    fn start_cloud(&mut self, name: &str, argv: Vec<String>) {
        let mut v = self.cloud_argv(&[]);
        v.extend(argv);
        let log = self.logs.join(format!("{name}.log"));
        self.cloud.push(Proc::start(name, v, log));
    }

    /// Fails early, naming the log, when a cloud daemon has exited.
    fn assert_cloud_alive(&mut self) {
        for p in &mut self.cloud {
            if !p.alive() {
                panic!("{} exited; see {}", p.name, p.log.display());
            }
        }
    }

    fn wait_cloud(&mut self, secs: u64, what: &str, f: impl Fn(&System) -> bool) {
        let end = Instant::now() + Duration::from_secs(secs);
        while !f(self) {
            self.assert_cloud_alive();
            assert!(
                Instant::now() < end,
                "timeout ({secs} s) waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(300));
        }
    }

    fn control_plane(&mut self) {
        let p = self.pki.to_str().unwrap().to_owned();
        let etcd_dir = self.root.join("cloud/etcd");
        self.start_cloud(
            "etcd",
            s(&[
                &self.bin("etcd"),
                "--data-dir",
                etcd_dir.to_str().unwrap(),
                "--listen-client-urls",
                "http://127.0.0.1:2379",
                "--listen-peer-urls",
                "http://127.0.0.1:2380",
            ]),
        );
        self.wait_cloud(60, "etcd", |s| {
            s.cloud_run(&["curl", "-sf", "http://127.0.0.1:2379/health"])
                .is_ok()
        });
        let f = |k: &str, v: &str| format!("--{k}={v}");
        let apiserver = vec![
            self.bin("kube-apiserver"),
            f("etcd-servers", "http://127.0.0.1:2379"),
            f("bind-address", "0.0.0.0"),
            f("secure-port", "6443"),
            f("advertise-address", CLOUD_IP),
            f("tls-cert-file", &format!("{p}/apiserver.crt")),
            f("tls-private-key-file", &format!("{p}/apiserver.key")),
            f("client-ca-file", &format!("{p}/ca.crt")),
            f(
                "service-account-issuer",
                "https://kubernetes.default.svc.cluster.local",
            ),
            f("service-account-key-file", &format!("{p}/sa.pub")),
            f("service-account-signing-key-file", &format!("{p}/sa.key")),
            f("service-cluster-ip-range", "10.96.0.0/16"),
            f("authorization-mode", "Node,RBAC"),
            f("allow-privileged", "true"),
            f(
                "kubelet-client-certificate",
                &format!("{p}/apiserver-kubelet-client.crt"),
            ),
            f(
                "kubelet-client-key",
                &format!("{p}/apiserver-kubelet-client.key"),
            ),
            f(
                "kubelet-preferred-address-types",
                "InternalIP,ExternalIP,Hostname",
            ),
            f(
                "requestheader-client-ca-file",
                &format!("{p}/front-proxy-ca.crt"),
            ),
            f("requestheader-allowed-names", "front-proxy-client"),
            f("requestheader-username-headers", "X-Remote-User"),
            f("requestheader-group-headers", "X-Remote-Group"),
            f("requestheader-extra-headers-prefix", "X-Remote-Extra-"),
            f(
                "proxy-client-cert-file",
                &format!("{p}/front-proxy-client.crt"),
            ),
            f(
                "proxy-client-key-file",
                &format!("{p}/front-proxy-client.key"),
            ),
            f("profiling", "false"),
            f("enable-priority-and-fairness", "false"),
            f("v", "1"),
        ];
        self.start_cloud("kube-apiserver", apiserver);
        self.wait_cloud(180, "kube-apiserver /readyz", |s| {
            s.kc(&["get", "--raw", "/readyz"]).is_ok()
        });
        self.say("etcd and kube-apiserver ready");
        if self.opts.full {
            let kcfg = self.root.join("cloud/admin.kubeconfig");
            let kcfg = kcfg.to_str().unwrap();
            for (name, port) in [
                ("kube-controller-manager", "10257"),
                ("kube-scheduler", "10259"),
            ] {
                let certs = self.root.join(format!("cloud/{name}-certs"));
                fs::create_dir_all(&certs).unwrap();
                let mut argv = vec![
                    self.bin(name),
                    f("kubeconfig", kcfg),
                    f("authentication-kubeconfig", kcfg),
                    f("authorization-kubeconfig", kcfg),
                    f("bind-address", "127.0.0.1"),
                    f("secure-port", port),
                    f("cert-dir", certs.to_str().unwrap()),
                    f("leader-elect", "false"),
                    f("profiling", "false"),
                    f("v", "1"),
                ];
                if name == "kube-controller-manager" {
                    argv.extend([
                        f("use-service-account-credentials", "true"),
                        f("service-account-private-key-file", &format!("{p}/sa.key")),
                        f("root-ca-file", &format!("{p}/ca.crt")),
                        f("cluster-signing-cert-file", &format!("{p}/ca.crt")),
                        f("cluster-signing-key-file", &format!("{p}/ca.key")),
                        f("allocate-node-cidrs", "false"),
                        f(
                            "controllers",
                            "*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-node-route-controller",
                        ),
                    ]);
                }
                self.start_cloud(name, argv);
            }
            for port in ["10257", "10259"] {
                self.wait_cloud(120, "controller-manager/scheduler healthz", |s| {
                    s.cloud_run(&["curl", "-skf", &format!("https://127.0.0.1:{port}/healthz")])
                        .is_ok()
                });
            }
            self.say("kube-controller-manager and kube-scheduler healthy");
        }
        let crds = self.tools.kesys.join("crds");
        self.kc(&["apply", "-R", "-f", crds.to_str().unwrap()])
            .unwrap_or_else(|e| panic!("{e}"));
        self.kc(&["create", "namespace", "kubeedge"])
            .unwrap_or_else(|e| panic!("{e}"));
        self.wait_cloud(60, "CRDs established", |s| {
            s.kc(&[
                "wait",
                "--for=condition=Established",
                "crd",
                "--all",
                "--timeout=5s",
            ])
            .is_ok()
        });
    }

    /// `edgecfg set FILE A=B …` (the harness's own edits: the tool's lossless set).
    pub fn edgecfg_set(&self, file: &Path, assignments: &[String]) {
        self.set(file, assignments, &[]);
    }

    /// `edgecfg set --no-validate FILE A=B …`: a condition broken on purpose.
    pub fn edgecfg_set_unchecked(&self, file: &Path, assignments: &[String]) {
        self.set(file, assignments, &["--no-validate"]);
    }

    fn set(&self, file: &Path, assignments: &[String], flags: &[&str]) {
        let mut v = vec![self.tools.edgecfg.to_str().unwrap(), "set"];
        v.extend_from_slice(flags);
        v.push(file.to_str().unwrap());
        v.extend(assignments.iter().map(String::as_str));
        must(&v);
    }

    fn cloudcore(&mut self) {
        let cc = self.cloudcore_yaml.clone();
        let text = must(&[&self.bin("cloudcore"), "--defaultconfig"]);
        fs::write(&cc, &text).unwrap();
        let ke = self.root.join("cloud/kubeedge");
        let (p, ke, root) = (
            self.pki.display().to_string(),
            ke.display().to_string(),
            self.root.display().to_string(),
        );
        let mut set = vec![
            format!("kubeAPIConfig.kubeConfig={root}/cloud/admin.kubeconfig"),
            format!("modules.cloudHub.advertiseAddress=[{CLOUD_IP}]"),
            format!("modules.cloudHub.tlsCAFile={ke}/ca/rootCA.crt"),
            format!("modules.cloudHub.tlsCAKeyFile={ke}/ca/rootCA.key"),
            format!("modules.cloudHub.tlsCertFile={ke}/certs/server.crt"),
            format!("modules.cloudHub.tlsPrivateKeyFile={ke}/certs/server.key"),
            format!("modules.cloudHub.unixsocket.address=unix://{root}/cloud/kubeedge.sock"),
            format!("modules.cloudStream.tlsTunnelCAFile={ke}/ca/rootCA.crt"),
            format!("modules.cloudStream.tlsTunnelCertFile={ke}/certs/server.crt"),
            format!("modules.cloudStream.tlsTunnelPrivateKeyFile={ke}/certs/server.key"),
            format!("modules.cloudStream.tlsStreamCAFile={p}/streamCA.crt"),
            format!("modules.cloudStream.tlsStreamCertFile={p}/stream.crt"),
            format!("modules.cloudStream.tlsStreamPrivateKeyFile={p}/stream.key"),
            "modules.iptablesManager.enable=true".into(),
            "modules.iptablesManager.mode=internal".into(),
        ];
        if self.opts.cloud_stream {
            set.push("modules.cloudStream.enable=true".into());
        }
        if self.opts.metaserver {
            set.push("modules.dynamicController.enable=true".into());
        }
        self.edgecfg_set(&cc, &set);
        fs::copy(&cc, self.logs.join("cloudcore.initial.yaml")).unwrap();
        let argv = s(&[&self.bin("cloudcore"), "--config", cc.to_str().unwrap()]);
        self.start_cloud("cloudcore", argv);
        self.wait_cloud(120, "cloudcore's token secret", |s| {
            s.kc(&["-n", "kubeedge", "get", "secret", "tokensecret"])
                .is_ok()
        });
        self.wait_cloud(60, "cloudcore :10000", |s| {
            s.cloud_run(&["bash", "-c", &format!("exec 3<>/dev/tcp/{CLOUD_IP}/10000")])
                .is_ok()
        });
        self.say("cloudcore up");
    }

    /// The cloudcore process (for restarts).
    pub fn restart_cloudcore(&mut self) {
        let p = self
            .cloud
            .iter_mut()
            .find(|p| p.name == "cloudcore")
            .expect("cloudcore");
        p.restart();
        self.say("cloudcore restarted");
    }

    /// Whether cloudcore runs.
    pub fn cloudcore_alive(&mut self) -> bool {
        self.cloud
            .iter_mut()
            .find(|p| p.name == "cloudcore")
            .is_some_and(Proc::alive)
    }

    fn token(&self) -> String {
        self.kc(&[
            "-n",
            "kubeedge",
            "get",
            "secret",
            "tokensecret",
            "-o",
            "go-template={{.data.tokendata | base64decode}}",
        ])
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs metrics-server (the kesys binary, v0.8.1) in the cloud host with the flags of a
    /// metrics-server manifest's container (`manifest_args`), registered as the metrics API
    /// (`APIService v1beta1.metrics.k8s.io` → an ExternalName Service on its secure port). Only
    /// what a process needs outside a pod is added or replaced: `--cert-dir` and the
    /// kubeconfig flags (its identity: the `metrics-client` certificate). A second call
    /// replaces the running one.
    pub fn metrics_server(&mut self, manifest_args: &[String]) {
        if let Some(i) = self.cloud.iter().position(|p| p.name == "metrics-server") {
            let mut p = self.cloud.remove(i);
            p.stop(Duration::from_secs(10));
        }
        let port = manifest_args
            .iter()
            .find_map(|a| a.strip_prefix("--secure-port="))
            .unwrap_or("10250")
            .to_owned();
        let rbac = self
            .tools
            .kesys
            .join("metrics-server/metrics-server-rbac.yaml");
        self.kc(&["apply", "-f", rbac.to_str().unwrap()])
            .unwrap_or_else(|e| panic!("{e}"));
        self.apply(&format!(
            "apiVersion: v1\nkind: Service\nmetadata: {{name: metrics-server, namespace: kube-system}}\nspec:\n  type: ExternalName\n  externalName: \"{CLOUD_IP}\"\n  ports: [{{name: https, port: {port}, protocol: TCP, targetPort: {port}}}]\n---\napiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {{name: v1beta1.metrics.k8s.io}}\nspec:\n  service: {{name: metrics-server, namespace: kube-system, port: {port}}}\n  group: metrics.k8s.io\n  version: v1beta1\n  insecureSkipTLSVerify: true\n  groupPriorityMinimum: 100\n  versionPriority: 100\n"
        ));
        let certs = self.root.join("cloud/metrics-server-certs");
        fs::create_dir_all(&certs).unwrap();
        let kcfg = self.root.join("cloud/metrics-client.kubeconfig");
        let kcfg = kcfg.to_str().unwrap();
        let mut argv = vec![self.bin("metrics-server")];
        argv.extend(
            manifest_args
                .iter()
                .filter(|a| !a.starts_with("--cert-dir"))
                .cloned(),
        );
        argv.extend([
            format!("--cert-dir={}", certs.display()),
            format!("--kubeconfig={kcfg}"),
            format!("--authentication-kubeconfig={kcfg}"),
            format!("--authorization-kubeconfig={kcfg}"),
        ]);
        self.say(&format!("metrics-server {}", argv[1..].join(" ")));
        self.start_cloud("metrics-server", argv);
        self.wait_cloud(90, "APIService v1beta1.metrics.k8s.io Available", |s| {
            s.kc(&[
                "wait",
                "--for=condition=Available",
                "apiservice/v1beta1.metrics.k8s.io",
                "--timeout=3s",
            ])
            .is_ok()
        });
    }

    /// The log of the running cloud daemon `name`.
    pub fn cloud_log(&self, name: &str) -> String {
        fs::read_to_string(self.logs.join(format!("{name}.log"))).unwrap_or_default()
    }

    /// The edge host named `node`.
    pub fn edge_named(&self, node: &str) -> &Edge {
        self.edges.iter().find(|e| e.name == node).expect("edge")
    }

    /// Stops everything, removes the namespaces and cgroups, keeps the logs, removes the root.
    pub fn down(&mut self) {
        if self.down {
            return;
        }
        self.down = true;
        let t = Instant::now();
        for e in &mut self.edges {
            if let Some(mut ec) = e.edgecore.take() {
                ec.stop();
            }
            // the pods' processes: everything in the edge's cgroup root
            for pid in cgroup_pids(&e.cgroot) {
                signal(pid, "KILL");
            }
            if let Some(mut c) = e.containerd.take() {
                c.stop(Duration::from_secs(10));
            }
            if let Some(mut h) = e.holder.take() {
                // anything else left in its mount namespace (shims), then the holder
                let mnt = fs::read_link(format!("/proc/{}/ns/mnt", h.pid())).ok();
                if let Some(mnt) = mnt {
                    for pid in procs() {
                        if pid != h.pid()
                            && fs::read_link(format!("/proc/{pid}/ns/mnt")).ok().as_ref()
                                == Some(&mnt)
                        {
                            signal(pid, "KILL");
                        }
                    }
                }
                h.stop(Duration::from_secs(2));
            }
        }
        for p in self.cloud.iter_mut().rev() {
            p.stop(Duration::from_secs(10));
        }
        for ns in &self.netns {
            let _ = run(&["ip", "netns", "del", ns]);
        }
        // cgroups, leaves first (a just-killed process can take a moment to leave its cgroup)
        for c in self.cgroups.iter().rev() {
            for _ in 0..20 {
                let _ = run(&[
                    "sh",
                    "-c",
                    &format!(
                        "find '{}' -depth -type d -exec rmdir {{}} + 2>/dev/null",
                        c.display()
                    ),
                ]);
                if !c.exists() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(250));
            }
        }
        if let Some((stop, _, t)) = self.sampler.take() {
            stop.store(true, Ordering::SeqCst);
            let _ = t.join();
            self.sampler = Some((stop, Arc::new(AtomicU64::new(0)), std::thread::spawn(|| {})));
        }
        for e in &self.edges {
            let _ = fs::copy(&e.config, e.logs.join("edgecore.final.yaml"));
        }
        let _ = fs::copy(&self.cloudcore_yaml, self.logs.join("cloudcore.final.yaml"));
        let _ = fs::remove_dir_all(&self.root);
        self.say(&format!(
            "down in {:.1} s; logs in {}",
            t.elapsed().as_secs_f64(),
            self.logs.display()
        ));
    }

    /// What the system left on the host: processes, namespaces, mounts, cgroups, iptables
    /// rules, files. Empty when the teardown was complete.
    pub fn leftovers(&self) -> Vec<String> {
        let mut left = vec![];
        let netns = run(&["ip", "netns", "list"]).unwrap_or_default();
        for ns in &self.netns {
            if netns.split_whitespace().any(|w| w == ns) {
                left.push(format!("network namespace {ns}"));
            }
        }
        let inodes: HashSet<u64> = self.netns_inodes.iter().copied().collect();
        let bin = self.tools.bin.to_str().unwrap().to_owned();
        for pid in procs() {
            let exe = fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
            let net = net_inode(pid);
            if exe.starts_with(&bin) || net.is_some_and(|n| inodes.contains(&n)) {
                left.push(format!("process {pid} ({})", exe.display()));
            }
        }
        for c in &self.cgroups {
            if c.exists() {
                left.push(format!("cgroup {}", c.display()));
            }
        }
        let root = self.root.to_str().unwrap();
        for line in fs::read_to_string("/proc/self/mountinfo")
            .unwrap_or_default()
            .lines()
        {
            if line.contains(root) || line.contains(&self.prefix) {
                left.push(format!("mount {line}"));
            }
        }
        let now = iptables_rules();
        if now != self.host_iptables {
            left.push(format!("host iptables rules changed:\n{now}"));
        }
        if !self.host_kubeedge && Path::new("/etc/kubeedge").exists() {
            left.push("/etc/kubeedge on the host".into());
        }
        if self.root.exists() {
            left.push(format!("directory {}", self.root.display()));
        }
        left
    }
}

impl Drop for System {
    fn drop(&mut self) {
        self.down();
    }
}
