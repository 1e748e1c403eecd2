//! An edge host: its network namespace (made with the network), a private mount namespace in
//! which `/var/lib`, `/var/log` and `/run` are its own directories, its kubelet cgroup root,
//! containerd with the kesys images, and edgecore under its supervisor, configured as keadm
//! leaves it.

use std::fs;
use std::path::{Path, PathBuf};

use super::{CLOUD_IP, System, s, wait_for};
use crate::host::make_cgroot;
use crate::proc::{Proc, Supervised, must, run};

/// One edge host.
pub struct Edge {
    /// Node name (`edge-1`, …).
    pub name: String,
    /// Its network namespace.
    pub netns: String,
    /// Its address on the bridge.
    pub ip: String,
    /// Its kubelet cgroup root (`/<prefix>-e1`).
    pub cgroot: String,
    /// Its directory: `root/{var-lib,var-log,run}`, the host's `/var/lib`, `/var/log`, `/run`.
    pub dir: PathBuf,
    /// edgecore.yaml (like `/etc/kubeedge/config/edgecore.yaml`).
    pub config: PathBuf,
    /// Its logs.
    pub logs: PathBuf,
    pub(super) holder: Option<Proc>,
    pub(super) containerd: Option<Proc>,
    /// edgecore, supervised.
    pub edgecore: Option<Supervised>,
}

impl Edge {
    /// The PID whose namespaces are the edge host's (network + private mounts).
    pub fn holder_pid(&self) -> u32 {
        self.holder.as_ref().expect("edge holder").pid()
    }

    /// `argv` inside the edge host (its network and mount namespaces).
    pub fn argv(&self, argv: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = [
            "nsenter",
            "-t",
            &self.holder_pid().to_string(),
            "-m",
            "-n",
            "--",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(argv.iter().map(|s| s.to_string()));
        v
    }

    /// Runs a command inside the edge host.
    pub fn run(&self, argv: &[&str]) -> Result<String, String> {
        let v = self.argv(argv);
        let refs: Vec<&str> = v.iter().map(String::as_str).collect();
        run(&refs)
    }

    /// Imports a docker-archive image into its containerd (the kubelet's `k8s.io` namespace).
    pub fn import_image(&self, tar: &Path) {
        self.run(&[
            "ctr",
            "--address",
            "/run/containerd/containerd.sock",
            "-n",
            "k8s.io",
            "images",
            "import",
            tar.to_str().unwrap(),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
    }

    /// The supervised edgecore.
    pub fn edgecore(&self) -> &Supervised {
        self.edgecore.as_ref().expect("edgecore started")
    }
}

impl System {
    pub(super) fn edge(&mut self, i: usize) {
        let name = format!("edge-{i}");
        let dir = self.root.join(&name);
        let logs = self.logs.join(&name);
        let r = dir.join("root");
        for d in ["var-lib/kesys", "var-lib/cni-conf", "var-log", "run"] {
            fs::create_dir_all(r.join(d)).unwrap();
        }
        fs::create_dir_all(&logs).unwrap();
        let netns = format!("{}-e{i}", self.prefix);
        let cgroot = format!("/{}-e{i}", self.prefix);
        let mut edge = Edge {
            name: name.clone(),
            ip: format!("10.213.0.{}", i + 1),
            // inside the edge host: /var/lib/kubeedge/config/edgecore.yaml (where the agent
            // chart's hostPath finds it on every edge host)
            config: r.join("var-lib/kubeedge/config/edgecore.yaml"),
            cgroot: cgroot.clone(),
            dir: dir.clone(),
            logs: logs.clone(),
            netns: netns.clone(),
            holder: None,
            containerd: None,
            edgecore: None,
        };
        // The edge host's private mount namespace: the kubelet hard-codes /var/lib/kubelet,
        // /var/log/pods, …; they are this host's own directories.
        let script = "set -e; mount --bind \"$1/var-lib\" /var/lib; mount --bind \"$1/var-log\" /var/log; mount --bind \"$1/run\" /run; echo ready; exec sleep infinity";
        let holder_log = logs.join("holder.log");
        edge.holder = Some(Proc::start(
            "edge-holder",
            s(&[
                "nsenter",
                &format!("--net=/run/netns/{netns}"),
                "--",
                "unshare",
                "-m",
                "--propagation",
                "private",
                "--",
                "/bin/sh",
                "-c",
                script,
                "sh",
                r.to_str().unwrap(),
            ]),
            holder_log.clone(),
        ));
        let ok = wait_for(20, || {
            fs::read_to_string(&holder_log).is_ok_and(|t| t.contains("ready"))
        });
        assert!(ok, "{name}: mount namespace not ready");
        // The kubelet's cgroup root: its own in every cgroup v1 hierarchy (or the v2 tree).
        self.cgroups.extend(make_cgroot(&cgroot));
        fs::write(r.join("var-lib/kesys/containerd.toml"), CONTAINERD_TOML).unwrap();
        let subnet = format!("10.214.{i}.0/24");
        let routes = format!(r#"{{"dst": "{subnet}"}}"#);
        fs::write(
            r.join("var-lib/cni-conf/10-kesys.conflist"),
            CNI_CONF
                .replace("__ROUTES__", &routes)
                .replace("__SUBNET__", &subnet),
        )
        .unwrap();
        fs::write(
            r.join("var-lib/kesys/resolv.conf"),
            "nameserver 127.0.0.1\n",
        )
        .unwrap();
        let argv = edge.argv(&["containerd", "--config", "/var/lib/kesys/containerd.toml"]);
        edge.containerd = Some(Proc::start("containerd", argv, logs.join("containerd.log")));
        let sock = "/run/containerd/containerd.sock";
        let ok = wait_for(60, || {
            edge.run(&["ctr", "--address", sock, "version"]).is_ok()
        });
        assert!(
            ok,
            "{name}: containerd did not start; see {}",
            logs.display()
        );
        for img in ["pause", "busybox"] {
            edge.import_image(&self.tools.kesys.join(format!("images/{img}.tar")));
        }
        // edgecore.yaml as keadm leaves it: the release's defaults with the node's values.
        fs::create_dir_all(edge.config.parent().unwrap()).unwrap();
        fs::write(
            &edge.config,
            must(&[&self.bin("edgecore"), "--defaultconfig"]),
        )
        .unwrap();
        let l = "/var/lib/kubeedge";
        let set = vec![
            format!("database.dataSource={l}/edgecore.db"),
            format!("modules.edgeHub.httpServer=https://{CLOUD_IP}:10002"),
            format!("modules.edgeHub.websocket.server={CLOUD_IP}:10000"),
            format!("modules.edgeHub.quic.server={CLOUD_IP}:10001"),
            format!("modules.edgeHub.token={}", self.token()),
            format!("modules.edgeHub.tlsCaFile={l}/ca/rootCA.crt"),
            format!("modules.edgeHub.tlsCertFile={l}/certs/server.crt"),
            format!("modules.edgeHub.tlsPrivateKeyFile={l}/certs/server.key"),
            format!("modules.edgeStream.server={CLOUD_IP}:10004"),
            format!("modules.edged.hostnameOverride={name}"),
            format!("modules.edged.nodeIP={}", edge.ip),
            "modules.edged.podSandboxImage=localhost/kesys/pause:3.10".into(),
            "modules.edged.rootDirectory=/var/lib/kubelet".into(),
            format!("modules.edged.tailoredKubeletConfig.staticPodPath={l}/manifests"),
            "modules.edged.tailoredKubeletConfig.volumePluginDir=/var/lib/kubelet/volume-plugins"
                .into(),
            "modules.edged.tailoredKubeletConfig.resolvConf=/var/lib/kesys/resolv.conf".into(),
            format!("modules.edged.tailoredKubeletConfig.cgroupRoot={cgroot}"),
            format!("modules.deviceTwin.dmiSockPath={l}/"),
            "modules.eventBus.enable=false".into(),
        ];
        let mut set = set;
        if self.opts.metaserver {
            set.push("modules.metaManager.metaServer.enable=true".into());
        }
        self.edgecfg_set(&edge.config, &set);
        fs::copy(&edge.config, logs.join("edgecore.initial.yaml")).unwrap();
        let cfg = edge.config.to_str().unwrap().to_owned();
        let argv = edge.argv(&[&self.bin("edgecore"), "--config", &cfg]);
        edge.edgecore = Some(Supervised::start(argv, logs.join("edgecore.log")));
        self.say(&format!(
            "{name} ({}): containerd and edgecore started",
            edge.ip
        ));
        self.edges.push(edge);
    }
}

const CONTAINERD_TOML: &str = r#"version = 2
root = "/var/lib/containerd"
state = "/run/containerd"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]
[grpc]
  address = "/run/containerd/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "localhost/kesys/pause:3.10"
  # Test machines may withhold CAP_SYS_RESOURCE: runc could not lower oom_score_adj (kesys quirk 4).
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "/var/lib/cni-conf"
"#;

const CNI_CONF: &str = r#"{"cniVersion": "0.4.0", "name": "kesys", "plugins": [
  {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "__SUBNET__"}]], "routes": [__ROUTES__]}},
  {"type": "portmap", "capabilities": {"portMappings": true}}]}
"#;
