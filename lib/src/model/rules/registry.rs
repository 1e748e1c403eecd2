//! The rule registry: every finding edgecfg reports comes from one entry of [`RULES`], so rule
//! ids, default severities and descriptions are written down once. The README's rules table,
//! `edgecfg explain RULE` and the JSON output all read this table.

use super::super::finding::Severity;

/// One rule: its stable id, default severity and what it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Rule {
    /// The rule's id.
    pub id: RuleId,
    /// The severity a finding of this rule has unless the rule documents a variant (see
    /// [`Rule::variants`]).
    pub severity: Severity,
    /// What the rule flags, in one line.
    pub summary: &'static str,
    /// What KubeEdge does with such a file: why it matters.
    pub kubeedge: &'static str,
    /// The KubeEdge releases the rule applies to, as edgecfg checks it: `all` for rules on the
    /// YAML as written or that hold in every release, otherwise a range.
    pub releases: &'static str,
    /// Other severities this rule reports in some cases, and when (empty: always the default).
    pub variants: &'static str,
}

macro_rules! rules {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $id:literal, $sev:ident, $releases:literal,
        summary: $summary:literal,
        kubeedge: $kubeedge:literal
        $(, variants: $variants:literal)?;
    )*) => {
        /// A rule's stable id. Its string form (`unknown-key`, …) is what the CLI prints and
        /// JSON carries; ids never change meaning once released.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum RuleId {
            $( $(#[$doc])* $variant, )*
        }

        /// Every rule, in the order of [`RuleId`] (the index of a rule is its id as a number).
        pub const RULES: &[Rule] = &[
            $( Rule {
                id: RuleId::$variant,
                severity: Severity::$sev,
                summary: $summary,
                kubeedge: $kubeedge,
                releases: $releases,
                variants: rules!(@variants $($variants)?),
            }, )*
        ];

        impl RuleId {
            /// The id as written in output (`unknown-key`).
            pub fn as_str(self) -> &'static str {
                match self { $( RuleId::$variant => $id, )* }
            }

            /// The rule with this id, from a string (`unknown-key`).
            pub fn parse(s: &str) -> Option<RuleId> {
                match s { $( $id => Some(RuleId::$variant), )* _ => None }
            }
        }
    };
    (@variants $v:literal) => { $v };
    (@variants) => { "" };
}

rules! {
    /// A key KubeEdge does not know.
    UnknownKey = "unknown-key", Error, "1.11–1.23",
        summary: "a key KubeEdge does not know",
        kubeedge: "ignores it silently (non-strict decoding), so the setting has no effect";
    /// A key in the wrong case.
    CaseMismatch = "case-mismatch", Warning, "all",
        summary: "a key in the wrong case",
        kubeedge: "accepts it (sigs.k8s.io/yaml matches keys case-insensitively); keadm, edgecfg and most other tools do not";
    /// A key given twice.
    DuplicateKey = "duplicate-key", Warning, "all",
        summary: "a key given twice in one mapping",
        kubeedge: "uses the last one; the first is silently ignored";
    /// A value of the wrong type.
    WrongType = "wrong-type", Error, "1.11–1.23",
        summary: "a value of the wrong type (a mapping where a number belongs, a string in a boolean field, …)",
        kubeedge: "refuses to start: the config does not decode";
    /// A quoted boolean or number in a typed field.
    QuotedScalar = "quoted-scalar", Error, "1.11–1.23",
        summary: "a quoted boolean or number in a boolean or integer field (`enable: \"true\"`)",
        kubeedge: "refuses to start (cannot unmarshal string into bool/int)";
    /// A number outside its Go type's range.
    OutOfRange = "out-of-range", Error, "1.11–1.23",
        summary: "a number outside its Go type's range",
        kubeedge: "refuses to start: the number does not fit the field";
    /// Not a Go duration.
    BadDuration = "bad-duration", Error, "1.11–1.23",
        summary: "not a Go duration (`1m0s`, `20s`)",
        kubeedge: "refuses to start: the duration does not parse";
    /// A value outside the allowed set.
    InvalidEnum = "invalid-enum", Error, "1.23 (enumerations are modelled for the latest release)",
        summary: "a value outside the allowed set of an enumerated field",
        kubeedge: "refuses to start: the value does not decode";
    /// A YAML 1.1 boolean spelling.
    Yaml11Bool = "yaml11-bool", Warning, "all",
        summary: "a YAML 1.1 boolean spelling (`yes`, `on`, `y`) in a boolean field",
        kubeedge: "reads it as a boolean (YAML 1.1); YAML 1.2 tools read a string, so tools disagree";
    /// An integer with a leading 0.
    Yaml11Octal = "yaml11-octal", Warning, "all",
        summary: "an integer with a leading 0",
        kubeedge: "reads it as octal (`0755` is 493)";
    /// An unquoted number or boolean in a string field of edged's embedded structs.
    UnquotedScalar = "unquoted-scalar", Error, "1.12–1.23",
        summary: "an unquoted number or boolean in a string field of edged's embedded structs (hostnameOverride, nodeIP, nodeLabels values, podSandboxImage, rootDirectory, …)",
        kubeedge: "refuses to start: sigs.k8s.io/yaml converts such values to strings only for fields it finds by name, not inside embedded structs (cannot unmarshal number into … of type string)";
    /// An unquoted string read as a bool or number.
    Yaml11Coerced = "yaml11-coerced", Warning, "all",
        summary: "an unquoted value in a string field that YAML 1.1 reads as a bool or number",
        kubeedge: "converts it to a string of the parsed value (`yes` becomes \"true\", `1.10` becomes \"1.1\")";
    /// `null` for a module or section.
    NullObject = "null-object", Error, "all",
        summary: "`null` (or nothing) for a module or section",
        kubeedge: "sets the section to nil and crashes when it reads it";
    /// An empty or null value.
    NullValue = "null-value", Warning, "all",
        summary: "an empty or null value for a field",
        kubeedge: "keeps the default for the field (an empty list item becomes \"\")";
    /// apiVersion notes.
    ApiVersion = "api-version", Info, "all",
        summary: "apiVersion notes (the chart's CloudCore v1alpha2 label, unknown versions)",
        kubeedge: "never checks apiVersion: a CloudCore v1alpha2 label is read exactly as v1alpha1";
    /// An EdgeCore v1alpha1 file.
    LegacyV1alpha1 = "legacy-v1alpha1", Warning, "1.12 and later",
        summary: "an EdgeCore v1alpha1 file (KubeEdge 1.11 and earlier)",
        kubeedge: "reads it as v1alpha2 without a word, so fields that moved or were renamed are silently lost";
    /// The pre-componentconfig layout.
    LegacyLayout = "legacy-layout", Error, "all",
        summary: "the pre-componentconfig edge.yaml layout (mqtt/edgehub/edged at the top)",
        kubeedge: "no current edgecore reads it";
    /// cloudHub/edgeHub disabled.
    HubDisabled = "hub-disabled", Warning, "all",
        summary: "cloudHub or edgeHub disabled (the `--minconfig` trap)",
        kubeedge: "starts (KubeEdge 1.12–1.23 accept the file), but no edge node can connect (cloud) or this node never connects (edge)";
    /// An unknown feature gate.
    FeatureGate = "feature-gate", Error, "1.12–1.23 (per-release gate sets)",
        summary: "an unknown feature gate",
        kubeedge: "exits at start-up (\"unrecognized feature gate\")";
    /// edgeHub transport.
    EdgehubTransport = "edgehub-transport", Error, "all",
        summary: "edgeHub with both or neither of websocket and quic enabled",
        kubeedge: "validation refuses it: exactly one transport must be enabled";
    /// A value required to be ≥ 0 (or > 0).
    NonNegative = "non-negative", Error, "all",
        summary: "a value KubeEdge requires to be ≥ 0 (or > 0)",
        kubeedge: "validation refuses it at start-up";
    /// hostnameOverride is not an RFC 1123 subdomain.
    NodeName = "node-name", Error, "all",
        summary: "hostnameOverride is not a lower-case RFC 1123 subdomain",
        kubeedge: "validation refuses it at start-up; the API server would refuse the node name anyway";
    /// nodeIP is empty.
    NodeIp = "node-ip", Info, "all",
        summary: "nodeIP is empty",
        kubeedge: "picks an IP that can reach the cloud at start-up";
    /// cgroupDriver.
    CgroupDriver = "cgroup-driver", Error, "all",
        summary: "cgroupDriver is neither cgroupfs nor systemd",
        kubeedge: "validation refuses it at start-up";
    /// edged's read-only API off 127.0.0.1.
    EdgedAddress = "edged-address", Warning, "all",
        summary: "edged's read-only API address is not 127.0.0.1",
        kubeedge: "starts, but the cloud-side stream connectors hard-code 127.0.0.1:10350: another address breaks edged's readiness probe and kubectl logs/exec/top (0.0.0.0 also exposes the unauthenticated API)";
    /// readOnlyPort off 10350.
    EdgedReadonlyPort = "edged-readonly-port", Warning, "all",
        summary: "edged's readOnlyPort is not 10350",
        kubeedge: "starts (KubeEdge 1.12–1.23 accept it), but the cloud side hard-codes 10350, so kubectl logs/exec/attach/top stop working for the node";
    /// mqttMode.
    MqttMode = "mqtt-mode", Error, "all",
        summary: "eventBus.mqttMode is not 0, 1 or 2",
        kubeedge: "validation refuses it at start-up";
    /// host:port.
    HostPort = "host-port", Error, "all",
        summary: "an address that must be host:port (or IP:port) is not",
        kubeedge: "validation refuses it, or the connection can never be made";
    /// httpServer without a scheme.
    HttpScheme = "http-scheme", Error, "all",
        summary: "edgeHub.httpServer has no https:// (or http://) scheme",
        kubeedge: "builds the certificate URLs from it and cannot fetch certificates";
    /// edgeStream points at loopback.
    StreamLoopback = "stream-loopback", Warning, "all",
        summary: "edgeStream is enabled but points at a loopback address",
        kubeedge: "connects the tunnel to this node itself, which only works when cloudcore runs here";
    /// advertiseAddress.
    AdvertiseAddress = "advertise-address", Error, "all",
        summary: "cloudHub.advertiseAddress is empty or holds an empty entry",
        kubeedge: "edge nodes need an address to reach cloudcore, and it becomes the IP SANs of the CloudHub certificate",
        variants: "warning for an entry that is not an IP address (put host names in dnsNames)";
    /// A port outside 1–65535.
    PortRange = "port-range", Error, "all",
        summary: "a port outside 1–65535",
        kubeedge: "validation refuses it at start-up";
    /// A listen address that must be a literal IP.
    IpAddress = "ip-address", Error, "all",
        summary: "a listen address that must be a literal IP is not one",
        kubeedge: "validation refuses it at start-up (`localhost` included)";
    /// unixsocket address.
    UnixSocket = "unix-socket", Error, "all",
        summary: "cloudHub.unixsocket.address does not start with unix://",
        kubeedge: "validation refuses it at start-up";
    /// kubeConfig path.
    KubeconfigPath = "kubeconfig-path", Error, "all",
        summary: "kubeAPIConfig.kubeConfig is not an absolute path",
        kubeedge: "validation refuses it at start-up";
    /// qps/burst rewrite.
    QpsRewrite = "qps-rewrite", Info, "all",
        summary: "kubeAPIConfig qps/burst differ from 5×/10× nodeLimit",
        kubeedge: "cloudcore forces them to 5×/10× nodeLimit at start-up and rewrites its ConfigMap";
    /// The kubelet's own validation.
    Kubelet = "kubelet", Error, "1.12–1.23 (fields the release shares with 1.23)",
        summary: "a value the kubelet's own validation rejects (edged's second stage)",
        kubeedge: "edged refuses to start";
    /// A key of another release.
    VersionMismatch = "version-mismatch", Warning, "1.11–1.23",
        summary: "a key the checked release does not have, but other releases (or the other EdgeCore format) do",
        kubeedge: "the checked release ignores it silently; on the releases that have it, it works (pass --kubeedge-version when the file was chosen as the wrong release)";
    /// The 1.16–1.17 runtime endpoint fallback.
    RuntimeEndpoint = "runtime-endpoint", Warning, "1.16–1.17",
        summary: "edged.remoteRuntimeEndpoint/remoteImageEndpoint set without tailoredKubeletConfig.containerRuntimeEndpoint/imageServiceEndpoint",
        kubeedge: "reads the old key only when the new one is empty, and the new one defaults to containerd's socket: a cri-dockerd or CRI-O node silently switches to containerd";
    /// Which release the file was checked as.
    KubeedgeRelease = "kubeedge-release", Info, "1.11–1.23",
        summary: "which KubeEdge release the file was checked as, when its keys decided it (or fit none)",
        kubeedge: "reads the same file differently per release: keys come and go, defaults flip (pass --kubeedge-version to choose)";
    /// Not a CloudCore or EdgeCore config.
    NotKubeedge = "not-kubeedge", Error, "all",
        summary: "not a CloudCore or EdgeCore config (use --kind to force one)",
        kubeedge: "cannot use the file";
}

impl RuleId {
    /// The registry entry of this rule.
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }

    /// The severity of this rule's findings unless the rule documents a variant.
    pub fn default_severity(self) -> Severity {
        self.rule().severity
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for RuleId {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<RuleId, UnknownRule> {
        RuleId::parse(s).ok_or_else(|| UnknownRule(s.to_owned()))
    }
}

/// A string that is no rule id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule `{0}` (`edgecfg explain` lists the rules)")]
pub struct UnknownRule(pub String);

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<RuleId> for &str {
    fn eq(&self, other: &RuleId) -> bool {
        *self == other.as_str()
    }
}

/// The rules as a Markdown table (id, default severity, what it flags, what KubeEdge does,
/// releases): the README's table is this text.
pub fn markdown_table() -> String {
    let mut s = String::from(
        "| rule | severity | flags | what KubeEdge does | releases |\n|---|---|---|---|---|\n",
    );
    for r in RULES {
        let mut does = r.kubeedge.to_owned();
        if !r.variants.is_empty() {
            does.push_str(&format!(" ({})", r.variants));
        }
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            r.id,
            r.severity,
            r.summary.replace('|', "\\|"),
            does.replace('|', "\\|"),
            r.releases
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_order_matches_the_ids() {
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.id as usize, i, "{}", r.id);
            assert_eq!(RuleId::parse(r.id.as_str()), Some(r.id));
            assert!(!r.summary.is_empty() && !r.kubeedge.is_empty());
        }
        assert_eq!(RuleId::parse("no-such-rule"), None);
    }
}
