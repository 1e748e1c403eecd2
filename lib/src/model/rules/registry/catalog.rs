//! The rules, as data: one entry per id, with the code that decides it upstream. Paths are
//! KubeEdge's at the tag given; `API/` is `staging/src/github.com/kubeedge/api/apis/
//! componentconfig/`, `KL/` is `vendor/k8s.io/kubernetes/`, `yaml.go` is
//! `vendor/sigs.k8s.io/yaml/yaml.go`; `[kecheck]` means KubeEdge's own loader
//! (`tools/kecheck`) was run on such a file. `confirmed` names the `tests/system` conditions
//! (a running KubeEdge 1.23.1) that produce the rule's condition.

use super::{Rule, Scope};
use crate::model::finding::Severity;

rules! {
    // ---- validate: the YAML as KubeEdge decodes it ----
    /// A key KubeEdge does not know.
    UnknownKey = "unknown-key", Validate, Error, "1.11–1.23",
        summary: "a key KubeEdge does not know",
        kubeedge: "ignores it silently (non-strict decoding), so the setting has no effect",
        evidence: "yaml.go:55-57@v1.23.1 (non-strict Unmarshal); [kecheck] accepted, the key only in strictFieldErrors";
    /// A key in the wrong case.
    CaseMismatch = "case-mismatch", Validate, Warning, "all",
        summary: "a key in the wrong case",
        kubeedge: "accepts it (sigs.k8s.io/yaml matches keys case-insensitively); keadm, edgecfg and most other tools do not",
        evidence: "yaml.go:48@v1.23.1; [kecheck] `Enable`, `SERVER` accepted and applied";
    /// A key given twice.
    DuplicateKey = "duplicate-key", Validate, Warning, "all",
        summary: "a key given twice in one mapping (exactly, or in another case)",
        kubeedge: "the same spelling twice: the last one wins. Spellings that differ in case (`enable`, `Enable`): the one that sorts last byte-wise wins, wherever it is in the file (the YAML goes through a JSON object with sorted keys, then case-insensitive matching)",
        evidence: "yaml.go:159,174,94@v1.23.1; [kecheck] `readonlyport: 10999` + `readOnlyPort: 10350` gives 10999 in either order, on 1.12.7–1.23.1";
    /// A value of the wrong type.
    WrongType = "wrong-type", Validate, Error, "1.11–1.23",
        summary: "a value of the wrong type (a mapping where a number belongs, a string in a boolean field, …)",
        kubeedge: "refuses to start: the config does not decode",
        evidence: "[kecheck] \"cannot unmarshal object into … int32\" on 1.12.7–1.23.1";
    /// A quoted boolean or number in a typed field.
    QuotedScalar = "quoted-scalar", Validate, Error, "1.11–1.23",
        summary: "a quoted boolean or number in a boolean or integer field (`enable: \"true\"`)",
        kubeedge: "refuses to start (cannot unmarshal string into bool/int)",
        evidence: "[kecheck] `\"true\"` in a bool and `\"10350\"` in an int32 rejected";
    /// A number outside its Go type's range.
    OutOfRange = "out-of-range", Validate, Error, "1.11–1.23",
        summary: "a number outside its Go type's range",
        kubeedge: "refuses to start: the number does not fit the field",
        evidence: "[kecheck] 99999999999 in an int32 rejected; mqttMode is a Go int (API/edgecore/v1alpha2/types.go:42@v1.23.1)";
    /// Not a Go duration.
    BadDuration = "bad-duration", Validate, Error, "1.11–1.23",
        summary: "not a Go duration (`1m0s`, `20s`)",
        kubeedge: "refuses to start: the duration does not parse (a bare number is not converted to a string: metav1.Duration has its own UnmarshalJSON)",
        evidence: "yaml.go:189-196@v1.23.1; [kecheck] `syncFrequency: 60` gives \"cannot unmarshal number … of type string\"";
    /// A value outside the allowed set.
    InvalidEnum = "invalid-enum", Validate, Error, "1.12–1.23",
        summary: "a value outside the allowed set of an enumerated field",
        kubeedge: "refuses to start: the value does not decode",
        evidence: "[kecheck] `iptablesManager.mode: foo` gives \"invalid value for iptablesmgr mode\" on 1.12.7–1.23.1";
    /// A YAML 1.1 boolean spelling.
    Yaml11Bool = "yaml11-bool", Validate, Warning, "all",
        summary: "a YAML 1.1 boolean spelling (`yes`, `on`, `y`) in a boolean field",
        kubeedge: "reads it as a boolean (YAML 1.1); YAML 1.2 tools read a string, so tools disagree",
        evidence: "yaml.v2 (YAML 1.1) under yaml.go:159@v1.23.1; [kecheck] `enable: yes` gives true";
    /// An integer with a leading 0.
    Yaml11Octal = "yaml11-octal", Validate, Warning, "all",
        summary: "an integer with a leading 0",
        kubeedge: "reads it as octal (`0755` is 493)",
        evidence: "[kecheck] `readOnlyPort: 010350` gives 4328";
    /// An unquoted number or boolean in a string field of edged's embedded structs.
    UnquotedScalar = "unquoted-scalar", Validate, Error, "1.12–1.23",
        summary: "an unquoted number or boolean in a string field of edged's embedded structs (hostnameOverride, nodeIP, nodeLabels values, podSandboxImage, rootDirectory, …)",
        kubeedge: "refuses to start: sigs.k8s.io/yaml converts such values to strings only for fields it finds by name, not inside embedded structs (cannot unmarshal number into … of type string)",
        evidence: "[kecheck] hostnameOverride 12345, a nodeLabels value 7, podSandboxImage 3.6 rejected on 1.12.7–1.23.1; customInterfaceName and registerNodeNamespace coerced";
    /// An unquoted string read as a bool or number.
    Yaml11Coerced = "yaml11-coerced", Validate, Warning, "all",
        summary: "an unquoted value in a string field that YAML 1.1 reads as a bool or number",
        kubeedge: "converts it to a string of the parsed value (`yes` becomes \"true\", `1.10` becomes \"1.1\"); not for fields with their own JSON decoding (durations), which refuse it",
        evidence: "yaml.go:189-196@v1.23.1; [kecheck] `projectID: yes` gives \"true\", clusterDomain `1.10` gives \"1.1\"";
    /// `null` for a module or section.
    NullObject = "null-object", Validate, Error, "all",
        summary: "`null` (or nothing) for a module or section KubeEdge reads without a nil check",
        kubeedge: "sets the section to nil and crashes when it reads it (serviceBus, edgeStream, metaServer, router, …); sections it checks for nil are a warning: `iptablesManager: null` means the internal manager, `authorization: null` and edge `taskManager: null` mean off",
        evidence: "[kecheck] panics for serviceBus and edgeStream; edge/cmd/edgecore/app/server.go:117 (metaServer), cloud/pkg/router/config/config.go:19@v1.23.1; nil checked: cloud/cmd/cloudcore/app/server.go:99,128,166, edge/pkg/taskmanager/taskmanager.go:64",
        variants: "warning for a section KubeEdge checks for nil (iptablesManager, cloudHub.authorization, edge taskManager)";
    /// An empty or null value.
    NullValue = "null-value", Validate, Warning, "all",
        summary: "an empty or null value for a field",
        kubeedge: "a scalar keeps its default; a list or map is set to nil, which drops its default (`evictionHard:` means no hard eviction at all)",
        evidence: "encoding/json null semantics under yaml.go:94@v1.23.1; [kecheck] `evictionHard:` gives nil";
    /// apiVersion notes.
    ApiVersion = "api-version", Validate, Info, "all",
        summary: "apiVersion notes (the chart's CloudCore v1alpha2 label, unknown versions)",
        kubeedge: "never checks apiVersion: a CloudCore v1alpha2 label is read exactly as v1alpha1",
        evidence: "[kecheck] a CloudCore v1alpha2 file accepted with nodeLimit applied";
    /// An EdgeCore v1alpha1 file.
    LegacyV1alpha1 = "legacy-v1alpha1", Validate, Error, "1.12 and later",
        summary: "an EdgeCore v1alpha1 file (KubeEdge 1.11 and earlier)",
        kubeedge: "reads it as v1alpha2 without a word: fields that moved or were renamed are silently dropped (`cgroupDriver: systemd` becomes cgroupfs, clusterDNS is lost)",
        evidence: "[kecheck] a v1alpha1 file accepted by 1.12.7–1.23.1 with cgroupDriver reset and clusterDNS dropped",
        variants: "info when checked as 1.11 because of its apiVersion (the node's release is not known); nothing when 1.11 is given";
    /// The pre-componentconfig layout.
    LegacyLayout = "legacy-layout", Validate, Error, "all",
        summary: "the pre-componentconfig edge.yaml layout (mqtt/edgehub/edged at the top)",
        kubeedge: "starts with pure defaults: every setting in the file is ignored",
        evidence: "[kecheck] a pre-componentconfig edge.yaml accepted by 1.12.7–1.23.1 with every key ignored";
    /// cloudHub/edgeHub disabled.
    HubDisabled = "hub-disabled", Validate, Error, "all",
        summary: "cloudHub or edgeHub disabled (the `--minconfig` trap)",
        kubeedge: "starts (KubeEdge 1.12–1.23 accept the file), but no edge node can connect (cloud: cloudStream also waits forever for the tunnel certificates only cloudHub signals) or this node never connects (edge)",
        evidence: "cloud/pkg/cloudstream/cloudstream.go:56, cloud/pkg/cloudhub/cloudhub.go:115-116@v1.23.1; [kecheck] accepted",
        confirmed: "edgehub-off";
    /// An unknown feature gate.
    FeatureGate = "feature-gate", Validate, Error, "1.12–1.23 (per-release gate sets)",
        summary: "an unknown feature gate",
        kubeedge: "exits at start-up (\"unrecognized feature gate\")",
        evidence: "pkg/features/features.go at each tag (1.12–1.16 requireAuthorization; 1.17–1.20 + moduleRestart; 1.21–1.23 + disableNodeTaskV1alpha2); [kecheck] moduleRestart rejected on 1.12.7 and 1.15.4";
    /// edgeHub transport.
    EdgehubTransport = "edgehub-transport", Validate, Error, "all",
        summary: "edgeHub with both or neither of websocket and quic enabled",
        kubeedge: "validation refuses it: exactly one transport must be enabled",
        evidence: "API/edgecore/v1alpha2/validation/validation.go:86-89@v1.23.1";
    /// A value required to be ≥ 0 (or > 0).
    NonNegative = "non-negative", Validate, Error, "all",
        summary: "a value KubeEdge requires to be ≥ 0 (or > 0)",
        kubeedge: "validation refuses it at start-up",
        evidence: "edge validation.go:91-99, cloud validation.go:126-129,139-141@v1.23.1; [kecheck]";
    /// hostnameOverride is not an RFC 1123 subdomain.
    NodeName = "node-name", Validate, Error, "all",
        summary: "hostnameOverride is not a lower-case RFC 1123 subdomain",
        kubeedge: "validation refuses it at start-up; the API server would refuse the node name anyway",
        evidence: "API/edgecore/v1alpha2/validation/validation.go:66-69@v1.23.1 (ValidateNodeName); [kecheck]";
    /// nodeIP is empty.
    NodeIp = "node-ip", Validate, Info, "all",
        summary: "nodeIP is empty",
        kubeedge: "picks an IP that can reach the cloud at start-up",
        evidence: "API/edgecore/v1alpha2/validation/validation.go:70-72@v1.23.1 (a warning in the log)";
    /// cgroupDriver.
    CgroupDriver = "cgroup-driver", Validate, Error, "all",
        summary: "cgroupDriver is neither cgroupfs nor systemd",
        kubeedge: "validation refuses it at start-up",
        evidence: "API/edgecore/v1alpha2/validation/validation_others.go@v1.23.1; [kecheck]";
    /// edged's read-only API off 127.0.0.1.
    EdgedAddress = "edged-address", Validate, Warning, "all",
        summary: "edged's read-only API address is not 127.0.0.1",
        kubeedge: "the cloud-side stream connectors hard-code 127.0.0.1:10350, so kubectl logs/exec/top break; from 1.19 edged also waits for its own health check on localhost:<readOnlyPort> before it syncs pods, so with a non-loopback address, another loopback address or `localhost` (which never listens: `<nil>:10350`) no pod ever starts. 0.0.0.0 keeps working but exposes the unauthenticated API",
        evidence: "edge/pkg/edged/edged.go:161-172,643-667@v1.23.1 (v1.17.5 only waits 10 s, edged.go:151-163); KL/pkg/kubelet/server/server.go:207-217; cloud/pkg/cloudstream/containerlog_connection.go:84",
        variants: "error from 1.19 for a non-loopback address, another 127/8 address (127.0.0.2) or `localhost`",
        confirmed: "edged-address, edged-loopback-2 (a new pod stays Pending while the node reports)";
    /// readOnlyPort off 10350.
    EdgedReadonlyPort = "edged-readonly-port", Validate, Warning, "all",
        summary: "edged's readOnlyPort is not 10350",
        kubeedge: "starts, but the cloud side hard-codes 10350, so kubectl logs/exec/attach/top stop working for the node; 0 starts no read-only server at all, so from 1.19 edged's health check never passes and no pod is synced",
        evidence: "cloud/pkg/cloudstream/containerlog_connection.go:84@v1.23.1; KL/cmd/kubelet/app/server.go:895 (0: no server); edge/pkg/edged/edged.go:643-667",
        variants: "error for 0 from 1.19",
        confirmed: "readonly-port (10999: pods still sync), readonly-port-0 (a new pod stays Pending)";
    /// mqttMode.
    MqttMode = "mqtt-mode", Validate, Error, "all",
        summary: "eventBus.mqttMode is not 0, 1 or 2 (while eventBus is enabled)",
        kubeedge: "validation refuses it at start-up; with eventBus disabled the value is not checked",
        evidence: "API/edgecore/v1alpha2/validation/validation.go:105-110@v1.23.1; [kecheck] -1 rejected";
    /// host:port.
    HostPort = "host-port", Validate, Error, "all",
        summary: "an address that must be host:port (or IP:port) is not",
        kubeedge: "validation refuses it (monitorServer.bindAddress); edgeHub.websocket.server and edgeStream.server are not validated but dial port 443 without one",
        evidence: "cloud validation.go:54-74@v1.23.1; edge/pkg/edgehub/config/config.go:23, edge/pkg/edgestream/edgestream.go:85-89 (wss:/ + server)",
        variants: "warning for edgeHub.websocket.server and edgeStream.server without a port (they dial 443)";
    /// httpServer without https://.
    HttpScheme = "http-scheme", Validate, Error, "all",
        summary: "edgeHub.httpServer is not an https:// URL",
        kubeedge: "builds the certificate URLs from it; cloudcore serves only TLS there, so without https:// the fetch fails and edgecore panics (\"failed to get CA certificate\")",
        evidence: "edge/pkg/edgehub/certificate/certmanager.go:70-71,81-82@v1.23.1; cloud/pkg/cloudhub/servers/httpserver/server.go:56";
    /// edgeStream points at loopback.
    StreamLoopback = "stream-loopback", Validate, Warning, "all",
        summary: "edgeStream is enabled but points at a loopback address",
        kubeedge: "connects the tunnel to this node itself, which only works when cloudcore runs here",
        evidence: "default edgeStream.server 127.0.0.1:10004; edge/pkg/edgestream/edgestream.go:85-115@v1.23.1";
    /// advertiseAddress.
    AdvertiseAddress = "advertise-address", Validate, Error, "all",
        summary: "cloudHub.advertiseAddress is null, empty, or holds an entry that is not an IP address",
        kubeedge: "empty or null: cloudcore exits (\"AdvertiseAddress must be specified!\"). An entry that is not an IP (`\"\"`, the chart's default render, or a host name) becomes a zero-length IP SAN: the certificate does not load, cloudcore exits or panics, and keeps doing so because the bad certificate is already saved in secret `cloudcoresecret`",
        evidence: "cloud/pkg/cloudhub/config/config.go:26-27@v1.23.1; cloud/pkg/cloudhub/servers/httpserver/pre_server.go:120-143,162 (signcerts.go:58@v1.12.7); [run] tls.X509KeyPair: \"x509: cannot parse IP address of length 0\"";
    /// A port outside 1–65535.
    PortRange = "port-range", Validate, Error, "all",
        summary: "a port outside 1–65535",
        kubeedge: "cloudHub's ports: validation refuses them at start-up; cloudStream's are not validated, and cloudcore exits when that listener starts",
        evidence: "cloud validation.go:83-108@v1.23.1; [kecheck] 70000 rejected for cloudHub, accepted for cloudStream; cloud/pkg/cloudstream/tunnelserver.go:209-212 (Exitf)";
    /// A listen address that must be a literal IP.
    IpAddress = "ip-address", Validate, Error, "all",
        summary: "a listen address that must be a literal IP is not one",
        kubeedge: "validation refuses it at start-up (`localhost` included)",
        evidence: "cloud validation.go:63-65,85-87,99-113@v1.23.1; [kecheck] `localhost` rejected";
    /// unixsocket address.
    UnixSocket = "unix-socket", Validate, Error, "all",
        summary: "cloudHub.unixsocket.address does not start with unix://",
        kubeedge: "validation refuses it at start-up",
        evidence: "cloud validation.go:114-117@v1.23.1; [kecheck]";
    /// kubeConfig path.
    KubeconfigPath = "kubeconfig-path", Validate, Error, "all",
        summary: "kubeAPIConfig.kubeConfig is not an absolute path",
        kubeedge: "validation refuses it at start-up",
        evidence: "cloud validation.go:209-214@v1.23.1 (the file must also exist: host-dependent, not checked)";
    /// qps/burst rewrite.
    QpsRewrite = "qps-rewrite", Validate, Info, "1.13–1.23",
        summary: "kubeAPIConfig qps/burst differ from 5×/10× nodeLimit",
        kubeedge: "cloudcore forces them to 5×/10× nodeLimit at start-up and rewrites its ConfigMap",
        evidence: "API/cloudcore/v1alpha1/default.go:214-226, cloud/cmd/cloudcore/app/server.go:114-116@v1.23.1; absent at v1.12.7";
    /// The kubelet's own validation.
    Kubelet = "kubelet", Validate, Error, "1.12–1.23 (fields the release shares with 1.23)",
        summary: "a value the kubelet's own validation rejects (edged's second stage)",
        kubeedge: "edged refuses to start",
        evidence: "KL/pkg/kubelet/apis/config/validation/validation.go@v1.23.1 through KL/cmd/kubelet/app/server.go:551, then \"Start edged failed\" (edge/pkg/edged/edged.go:149-152)";
    /// An unknown or locked kubelet feature gate.
    KubeletFeatureGate = "kubelet-feature-gate", Validate, Error, "1.12–1.23 (the gate set of the Kubernetes each release vendors)",
        summary: "tailoredKubeletConfig.featureGates names a gate the release's kubelet does not know, or sets a locked (GA or removed) gate to the other value",
        kubeedge: "edgecore exits at start-up: \"init new edged error, failed to set feature gates … unrecognized feature gate\" (or \"… is locked to\")",
        evidence: "edge/pkg/edged/edged.go:236-238,104-109@v1.23.1 (:165-167@v1.12.7) into vendor/k8s.io/component-base/featuregate/feature_gate.go (SetFromMap); the gate sets are the vendored feature-gate maps (tools/gen-kubelet-gates.py); [run] edgecore v1.23.1 with every gate of the 1.23 set starts, with `NoSuchGate` or `AllowServiceLBStatusOnNonLB: true` it exits",
        confirmed: "kubelet_feature_gates_match_edgecore (the real edgecore v1.23.1, every gate of the table)";
    /// A key of another release.
    VersionMismatch = "version-mismatch", Validate, Warning, "1.11–1.23",
        summary: "a key the checked release does not have, but other releases (or the other EdgeCore format) do",
        kubeedge: "the checked release ignores it silently; on the releases that have it, it works",
        evidence: "non-strict decoding (yaml.go:55-57@v1.23.1), as unknown-key",
        variants: "error when the release is known (edgecoreVersion in the file or --kubeedge-version): the key is then silently ignored";
    /// The 1.16–1.17 runtime endpoint fallback.
    RuntimeEndpoint = "runtime-endpoint", Validate, Error, "1.16–1.17",
        summary: "edged.remoteRuntimeEndpoint/remoteImageEndpoint set without tailoredKubeletConfig.containerRuntimeEndpoint/imageServiceEndpoint",
        kubeedge: "reads the old key only when the new one is empty, and the new one defaults to containerd's socket: a cri-dockerd or CRI-O node silently switches to containerd",
        evidence: "edge/pkg/edged/config/config.go:177-183@v1.17.5; [kecheck 1.17.5] the runtime endpoint stays containerd's";
    /// Which release the file was checked as.
    KubeedgeRelease = "kubeedge-release", Validate, Info, "1.11–1.23",
        summary: "which KubeEdge release the file was checked as, when its keys decided it (or fit none)",
        kubeedge: "reads the same file differently per release: keys come and go, defaults flip (pass --kubeedge-version to choose)",
        evidence: "edgecfg's release data (lib/src/model/releases.rs), generated from the tags";
    /// A config that is not the file's first document.
    LaterDocument = "later-document", Validate, Error, "all",
        summary: "a CloudCore or EdgeCore config that is not the first document of its file",
        kubeedge: "reads only the first document of its config file (yaml.Unmarshal decodes one document), so this config is never read: with an empty first document KubeEdge runs on pure defaults",
        evidence: "yaml.go:159@v1.23.1 (go-yaml v2 Unmarshal reads the first document); tests/decoding (empty-first-doc variants, reference decoder checked with kecheck)";
    /// Not a KubeEdge config.
    NotKubeedge = "not-kubeedge", Validate, Error, "all",
        summary: "not a CloudCore or EdgeCore config (use --kind to force one)",
        kubeedge: "would load such a file as pure defaults",
        evidence: "edgecfg's input recognition";

    // ---- check: across the files of a system ----
    /// The hub port edges dial is one cloudcore serves.
    HubPort = "hub-port", Check, Error, "all",
        summary: "edgeHub's websocket/quic/https addresses dial a port cloudcore serves (its config port, or the Service's NodePort when cloudcore is not on the host network); quic on the edge needs quic on the cloud",
        kubeedge: "the websocket and quic servers start only when enabled, https always; an edge dialling another port never connects (the node goes NotReady; a tunnel already up keeps logs/exec working)",
        evidence: "cloud/pkg/cloudhub/servers/server.go:21-27, cloud/pkg/cloudhub/cloudhub.go:123-127@v1.23.1; manifests/charts/cloudcore/templates/service_cloudcore.yaml:13-49",
        confirmed: "hub-port",
        implements: "C1";
    /// The Service's targetPorts are cloudcore's ports.
    HubServiceTarget = "hub-service-target", Check, Error, "all",
        summary: "the cloudcore Service's targetPorts are the ports cloudcore's config listens on (the chart hard-codes 10000-10004)",
        kubeedge: "connections through the Service reach a port nothing listens on",
        evidence: "manifests/charts/cloudcore/templates/service_cloudcore.yaml:19-49@v1.23.1",
        implements: "C1";
    /// The host edges dial is in the certificate.
    HubAddress = "hub-address", Check, Error, "all",
        summary: "the host edges dial for cloudHub (websocket, httpServer) is in cloudHub.advertiseAddress or dnsNames (the certificate's SANs)",
        kubeedge: "websocket and the edge certificate fetch verify the SAN; quic and the CA fetch do not (InsecureSkipVerify), so quic is not checked",
        evidence: "edge/pkg/edgehub/clients/wsclient/websocket.go:66-72, edge/pkg/edgehub/certificate/http/http.go:40,69-78, edge/pkg/edgehub/clients/quicclient/quicclient.go:59-63@v1.23.1; cloud/pkg/cloudhub/servers/httpserver/pre_server.go:108-118",
        implements: "C2";
    /// cloudStream and edgeStream both on.
    StreamPairing = "stream-pairing", Check, Error, "all",
        summary: "cloudStream and edgeStream are both on (kubectl logs/exec/attach/top need both)",
        kubeedge: "the Node's kubelet port is rewritten to the tunnel only when a tunnel connects; until then the API server dials the node's readOnlyPort directly (refused). cloudStream on needs the stream certificates (stream.crt, stream.key, streamCA.crt), or cloudcore does not start",
        evidence: "cloud/pkg/cloudstream/tunnelserver.go:148,216-240@v1.23.1; KL/pkg/kubelet/kubelet.go:410; cloud validation.go:193-201 ([kecheck] bare host); API/cloudcore/v1alpha1/default.go:130 (off in Go), manifests/charts/cloudcore/values.yaml:57-58 (on in the chart)",
        confirmed: "edgestream-off, cloudstream-off",
        implements: "C5";
    /// edgeHub off.
    HubOff = "hub-off", Check, Error, "all",
        summary: "edgeHub is on: with it off the node never connects (no status, no tunnel session)",
        kubeedge: "edgecore starts without a connection to the cloud: the Node goes NotReady and nothing reaches it",
        evidence: "edge/pkg/edgehub/edgehub.go (module registered only when enabled)@v1.23.1",
        confirmed: "edgehub-off",
        implements: "C1";
    /// edgeStream's tunnel files are edgeHub's.
    StreamTunnelCerts = "stream-tunnel-certs", Check, Error, "all",
        summary: "edgeStream's tlsTunnel* files are edgeHub's certificate files (the only ones edgecore writes); otherwise edgecore exits at start",
        kubeedge: "edgeStream loads its key pair at start; a missing file makes edgecore exit (\"Failed to load x509 key pair\")",
        evidence: "edge/pkg/edgestream/edgestream.go:95-97@v1.23.1",
        confirmed: "naive-fix",
        implements: "C5";
    /// cloudStream's certificates exist in cloudcore's pod.
    StreamCerts = "stream-certs", Check, Error, "all",
        summary: "with cloudStream on, the stream CA, certificate and key cloudcore's config names exist where cloudcore runs: in its Deployment, a volume provides them (decided only when the Deployment or the chart's values are among the inputs)",
        kubeedge: "cloudcore's validation refuses to start (\"TLSStreamCertFile not exist\"); the chart's Deployment mounts them from its cloudcore secret at /etc/kubeedge/{ca/streamCA.crt,certs/stream.crt,certs/stream.key}",
        evidence: "API/cloudcore/v1alpha1/validation/validation.go:193-201@v1.23.1; manifests/charts/cloudcore/templates/deployment_cloudcore.yaml:67-68,84-93; [kecheck] bare host: rejected",
        implements: "C5";
    /// EdgeMesh's agent reaches each edge metaServer.
    EdgemeshMetaserver = "edgemesh-metaserver", Check, Error, "1.12–1.23 (EdgeMesh 1.12 and later; decided when EdgeMesh's values or agent ConfigMap are among the inputs)",
        summary: "EdgeMesh's agent (edge mode) dials each edge node's metaServer: metaServer on, at the address it listens on, with the scheme it serves (HTTPS only with the edge's requireAuthorization gate)",
        kubeedge: "the agent's kubeAPIConfig.metaServer.server defaults to http://127.0.0.1:10550 and turns https:// only with security.requireAuthorization; a moved metaServer.server gives \"dial tcp 127.0.0.1:10550: connection refused\" (edgemesh#365, kubeedge#4148); with the gate the metaServer is HTTPS-only",
        evidence: "edgemesh pkg/apis/config/defaults/default.go:32, cmd/edgemesh-agent/app/server.go:150-159@v1.17.0; edge/pkg/metamanager/metaserver/server.go:134,185-194@v1.23.1; CHANGELOG-1.12.md:226-229",
        implements: "C11";
    /// edgeStream dials the tunnel port.
    StreamTunnelPort = "stream-tunnel-port", Check, Error, "all",
        summary: "edgeStream.server dials cloudStream.tunnelPort (or its NodePort)",
        kubeedge: "the tunnel listens only on cloudStream.tunnelPort; the edge retries every 2 s without a tunnel",
        evidence: "cloud/pkg/cloudstream/tunnelserver.go:197-209, edge/pkg/edgestream/edgestream.go:104-115@v1.23.1",
        confirmed: "tunnel-port",
        implements: "C6";
    /// The iptables manager forwards to the stream port.
    StreamForwardPort = "stream-forward-port", Check, Error, "all",
        summary: "the iptables-manager forwards the tunnel ports to cloudStream.streamPort; with it off, nothing does",
        kubeedge: "the DNAT target is the manager's --forwardport (default 10003), not read from cloudcore.yaml; with no manager the API server's connections to the nodes' ports go nowhere",
        evidence: "cloud/cmd/iptablesmanager/app/options/options.go:33,41, cloud/pkg/cloudstream/iptables/iptables.go:187@v1.23.1; manifests/charts/cloudcore/templates/daemonset_iptablesmanager.yaml:40-41",
        confirmed: "iptables-off",
        implements: "C7";
    /// edged serves where cloudStream dials.
    StreamEdgedEndpoint = "stream-edged-endpoint", Check, Error, "all",
        summary: "edged serves on 127.0.0.1:10350 (or all addresses), which cloudStream hard-codes",
        kubeedge: "the edge side of the tunnel dials 127.0.0.1:10350 for logs, exec, attach and metrics; `localhost` never listens and `::1` is not 127.0.0.1",
        evidence: "cloud/pkg/cloudstream/containerlog_connection.go:84@v1.23.1 (and the exec, attach, metrics connections); KL/pkg/kubelet/server/server.go:207-217 ([run] `localhost`)",
        confirmed: "edged-address, readonly-port",
        implements: "C8";
    /// metrics-server reaches the nodes through the tunnel.
    MetricsServer = "metrics-server", Check, Error, "all",
        summary: "metrics-server dials the node status port (--kubelet-use-node-status-port), and the edges it scrapes have edgeStream on",
        kubeedge: "the tunnel's port is written to the Node's status (from 10351 on); only that port is DNAT-ed to cloudStream. The stream certificates' SANs are not the node IPs, so metrics-server needs --kubelet-insecure-tls (a warning)",
        evidence: "cloud/pkg/cloudstream/tunnelserver.go:228, cloud/cmd/cloudcore/app/server.go:271-278@v1.23.1; manifests/charts/cloudcore/templates/_helpers.tpl:29-35",
        confirmed: "healthy (after `apply -p metrics-server`)",
        implements: "C9";
    /// metrics-server can land only where the TUNNEL-PORT chain is.
    MetricsServerPlacement = "metrics-server-placement", Check, Warning, "all",
        summary: "metrics-server (host network or not) can be scheduled only on nodes that have the iptables-manager's TUNNEL-PORT chain: not edge nodes, not nodes the iptables-manager DaemonSet skips, cloudcore's node in internal mode",
        kubeedge: "the chain is jumped from nat OUTPUT and PREROUTING, so pod traffic is DNAT-ed too; what decides is whether the node the pod runs on has the chain. The chart's iptables-manager DaemonSet has `tolerations: []` and never runs on tainted control-plane nodes",
        evidence: "cloud/pkg/cloudstream/iptables/iptables.go:71-74,187@v1.23.1 (:57-58@v1.12.7); cloud/cmd/cloudcore/app/server.go:128-133 (internal mode: cloudcore's node only); manifests/charts/cloudcore/values.yaml:95-102; kubeedge#4958",
        variants: "internal mode: metrics-server must be pinned to cloudcore's node (a cloudcore Deployment: pod affinity to its labels with topologyKey kubernetes.io/hostname, or the same hostname pin; a bare cloudcore: any kubernetes.io/hostname pin, its host not being among the inputs; the metrics-server profile's `node` parameter)",
        implements: "C9";
    /// The iptables manager runs where the API server does.
    IptablesPlacement = "iptables-placement", Check, Warning, "all",
        summary: "the iptables-manager writes its rules where kube-apiserver and metrics-server run: on the host network, tolerating control-plane taints; in internal mode, cloudcore on the host network",
        kubeedge: "rules written in a pod's own network namespace (iptablesManager.hostNetWork: false, internal mode with cloudcore off the host network) DNAT nothing; a DaemonSet without control-plane tolerations skips kubeadm's API server nodes",
        evidence: "cloud/cmd/cloudcore/app/server.go:128-133@v1.23.1 (internal mode shares cloudcore's network); manifests/charts/cloudcore/templates/daemonset_iptablesmanager.yaml:25, values.yaml:95-102; kubeedge#4958",
        variants: "error for rules written into a pod's own network namespace (DaemonSet off the host network; internal mode with cloudcore off it); info for internal mode with cloudcore as a Deployment (the chain moves with cloudcore's pod, kube-apiserver does not)",
        implements: "C7";
    /// The chart renders a Service edges can reach.
    HubService = "hub-service", Check, Error, "all",
        summary: "with cloudcore off the host network, its Service is a NodePort (or LoadBalancer) one edges can reach",
        kubeedge: "the chart renders a ClusterIP Service unless service.type is NodePort: nodes outside the cluster network cannot reach cloudcore at all",
        evidence: "manifests/charts/cloudcore/templates/service_cloudcore.yaml:13-17@v1.23.1",
        implements: "C1";
    /// The tunnel CA signed the edge certificates.
    StreamTunnelCa = "stream-tunnel-ca", Check, Warning, "all",
        summary: "cloudStream.tlsTunnelCAFile is the file of the CA that signs the edge certificates (cloudHub's tlsCAFile); decided by path, so another path is a warning",
        kubeedge: "the tunnel server requires and verifies client certificates against that CA; edge certificates signed by another CA get \"TLSClientConnect error\"",
        evidence: "cloud/pkg/cloudstream/tunnelserver.go:170-206@v1.23.1",
        implements: "C5";
    /// metaServer on the edge, dynamicController in the cloud.
    MetaserverDynamiccontroller = "metaserver-dynamiccontroller", Check, Error, "all",
        summary: "an edge metaServer needs the cloud's dynamicController",
        kubeedge: "the edge sends list/watch requests to the cloud's dynamicController; without it they never answer",
        evidence: "edge/pkg/metamanager/metaserver/agent/agent.go:127-132@v1.23.1; manifests/charts/cloudcore/values.yaml:59-60 (off by default)",
        confirmed: "metaserver-no-dc",
        implements: "C10";
    /// requireAuthorization per direction.
    RequireAuthorization = "require-authorization", Check, Error, "1.12–1.23",
        summary: "featureGates.requireAuthorization: on at the edge needs it on in the cloud",
        kubeedge: "edge on, cloud off: the edge waits for a kubelet-serving certificate only cloudcore's approver signs and edgecore panics after about 4 minutes (1.17 and later). Edge off, cloud on: the metaServer serves plain HTTP, which HTTP clients (EdgeMesh's default) use; only HTTPS/in-cluster clients fail",
        evidence: "cloud/cmd/cloudcore/app/server.go:119-122, cloud/pkg/cloudhub/.../csrapprover.go:216, edge/pkg/metamanager/metaserver/certificate/manager.go:110-117, edge/pkg/metamanager/metaserver/server.go:185-194@v1.23.1; CHANGELOG-1.12.md:226-229",
        variants: "warning for cloud on, edge off",
        implements: "C10";
    /// clusterDomain/clusterDNS.
    ClusterDns = "cluster-dns", Check, Warning, "all",
        summary: "edge configs agree on clusterDomain; with metaServer on (EdgeMesh), clusterDNS is set",
        kubeedge: "the kubelet falls back to the host's resolver when clusterDNS is empty: service names do not resolve in pods",
        evidence: "KL/pkg/kubelet/network/dns/dns.go (clusterDNS empty: host resolv.conf)",
        confirmed: "metaserver-no-dc",
        implements: "C11";
    /// heartbeat vs keepalive.
    HeartbeatKeepalive = "heartbeat-keepalive", Check, Error, "all",
        summary: "edgeHub.heartbeat is well below cloudHub.keepaliveInterval",
        kubeedge: "cloudcore's session timer is reset only by keepalives, sent every `heartbeat` seconds: heartbeat ≥ keepalive always times out",
        evidence: "cloud/pkg/cloudhub/session/node_session.go:148-180, edge/pkg/edgehub/process.go:106-127@v1.23.1",
        implements: "C12";
    /// nodeLimit.
    NodeLimit = "node-limit", Check, Error, "all",
        summary: "cloudHub.nodeLimit times cloudcore replicas covers the edge nodes",
        kubeedge: "cloudcore refuses connections over the limit; which nodes connect first is not in the files",
        evidence: "cloud/pkg/cloudhub/handler/message_handler.go:129-131, cloud/pkg/cloudhub/session/session_manager.go:95@v1.23.1",
        confirmed: "node-limit",
        implements: "C13";
    /// taskManager on both sides.
    TaskManager = "task-manager", Check, Warning, "1.20–1.23",
        summary: "node tasks (ConfigUpdateJob, NodeUpgradeJob, ImagePrePullJob) need taskManager on both sides (from 1.21, the v1alpha2 controllers in controllerManager)",
        kubeedge: "jobs stay pending when either side is off; from 1.21 the v1alpha2 job controllers live in the controller-manager, at 1.20 in cloudcore's taskManager",
        evidence: "cloud/pkg/controllermanager/nodetask/@v1.21.0; cloud/pkg/taskmanager/nodeupgradecontroller@v1.20.0; CHANGELOG-1.21.md:131-137",
        implements: "C14";
    /// featureGates per side's release.
    FeatureGates = "feature-gates", Check, Error, "1.12–1.23",
        summary: "each side's featureGates are known to that side's release (the edge's from its Node's kubeletVersion)",
        kubeedge: "exits at start-up (\"unrecognized feature gate\")",
        evidence: "pkg/features/features.go at each tag, as feature-gate",
        implements: "C15";
    /// An edge config fits its node's release.
    NodeRelease = "node-release", Check, Error, "1.11–1.23",
        summary: "an edge config's fields exist in the release its node runs (kubeletVersion)",
        kubeedge: "a key the node's release does not have is silently ignored there",
        evidence: "kubeletVersion is `<k8s>-kubeedge-<release>` (edge/pkg/edged/edged.go:256@v1.23.1); a newer edge than cloud has no skew rule in the code (the warning is advice)",
        implements: "C17";
    /// Node names and inventory (was `node-name` in check before).
    NodeIdentity = "node-identity", Check, Error, "all",
        summary: "edge node names are unique; an edge config's node is in the inventory with the same InternalIP (check called this `node-name` before it was one registry with validate)",
        kubeedge: "two edgecores with one name fight over one Node and session; keadm checks names through cloudcore's CheckNode route",
        evidence: "cloud/pkg/cloudhub/servers/httpserver/server.go:64@v1.23.1",
        implements: "C4";
    /// The node certificate's CN.
    NodeCertificate = "node-certificate", Check, Error, "all",
        summary: "the certificate beside an edge config (named like its edgeHub.tlsCertFile) has CN system:node:<node name>",
        kubeedge: "cloudcore refuses a certificate for another node; edgecore fetches a new one only when the file is gone and a token is set (the token is blanked after the first fetch), otherwise it panics (\"failed to apply the edge certs\")",
        evidence: "edge/pkg/edgehub/certificate/certmanager.go:81-82,102-104, edge/cmd/edgecore/app/server.go:74-86,165-173@v1.23.1",
        implements: "C4";
    /// cloudcore's metrics endpoint.
    CloudMetrics = "cloud-metrics", Check, Info, "1.13–1.23",
        summary: "cloudcore's own metrics (monitorServer) listen where Prometheus can scrape them, not on loopback",
        kubeedge: "serves /metrics on monitorServer.bindAddress, 127.0.0.1:9091 by default (1.13 and later; 1.12 has no monitorServer)",
        evidence: "API/cloudcore/v1alpha1/default.go:40, cloud/cmd/cloudcore/app/server.go:95@v1.23.1";
    /// A monitor no Prometheus selects.
    MonitoringSelector = "monitoring-selector", Check, Error, "all",
        summary: "every ServiceMonitor, PodMonitor, Probe and ScrapeConfig among the inputs is selected by a Prometheus among the inputs (labels and namespace)",
        kubeedge: "(Prometheus Operator) a monitor no Prometheus selects is never scraped, without an error anywhere: cloudcore's ServiceMonitor from the observability profile with `prometheusRelease` left at its default beside a release of another name",
        evidence: "Prometheus CRD (monitoring.coreos.com/v1): spec.serviceMonitorSelector/podMonitorSelector/probeSelector/scrapeConfigSelector (null selects nothing, {} everything) and their *NamespaceSelector (null: the Prometheus's namespace); kube-prometheus-stack selects release=<release> by default",
        variants: "warning when a namespace selector uses labels not among the inputs";
    /// Prometheus on edge nodes.
    MonitoringPlacement = "monitoring-placement", Check, Warning, "all",
        summary: "the monitoring stack's cloud side among the inputs (Prometheus, Alertmanager, Grafana, kube-state-metrics, the operator) cannot be scheduled on an edge node",
        kubeedge: "an edge node has no cluster network and no TUNNEL-PORT DNAT: a Prometheus there cannot scrape edge nodes through the tunnel, nor cloud targets",
        evidence: "cloud/pkg/cloudstream/iptables/iptables.go:71-74@v1.23.1 (the chain exists on cloud nodes only); edged registers edge nodes with node-role.kubernetes.io/edge";
    /// The inputs hold what the rules need.
    Input = "input", Check, Warning, "all",
        summary: "the inputs contain what the rules need (a cloud config for edge configs, one cloud config), and KubeEdge would run with each config among them",
        kubeedge: "(edgecfg) a rule without its inputs cannot be decided; a config with a validate error KubeEdge exits or crashes on (wrong-type, advertise-address, …) breaks its node, or every node, whatever the other rules say",
        evidence: "edgecfg's input recognition; the validate rules' own evidence",
        variants: "error for a config KubeEdge would not run with";
}
