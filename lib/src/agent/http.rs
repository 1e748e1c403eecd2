//! [`HttpApi`]: the Kubernetes API over HTTP(S), in-cluster (service account token and CA) or
//! through KubeEdge's metaServer on the edge node (`http://127.0.0.1:10550`, no credentials:
//! edgecore forwards with the node's identity).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use super::api::{ApiError, ClusterApi, NodeEvent};

/// The Kubernetes API over HTTP(S).
#[derive(Debug)]
pub struct HttpApi {
    base: String,
    token: Option<String>,
    namespace: String,
    label: String,
    agent: ureq::Agent,
}

const SA: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// The namespace of Events about Nodes (cluster-scoped objects): `default`.
const NODE_EVENTS: &str = "default";

impl HttpApi {
    /// The agent's own namespace (its service account's; `default` without one).
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The API at `base` (`https://host:port` or `http://127.0.0.1:10550`), with an optional
    /// bearer token and PEM CA bundle. `namespace` is the agent's own (its service account's);
    /// Events about the Node go to `default` whatever it is, as the kubelet's do.
    pub fn new(
        base: &str,
        token: Option<String>,
        ca_pem: Option<&[u8]>,
        namespace: &str,
        label: &str,
    ) -> Result<HttpApi, ApiError> {
        #[cfg_attr(not(feature = "kube-client-tls"), allow(unused_mut))]
        let mut config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .http_status_as_error(false);
        #[cfg(not(feature = "kube-client-tls"))]
        if base.starts_with("https:") || ca_pem.is_some() {
            return Err(ApiError(format!(
                "{base}: this edgecfg was built without TLS (cargo feature kube-client-tls); KubeEdge's metaServer (http://127.0.0.1:10550) needs none"
            )));
        }
        // ring as rustls' crypto (installed once per process; an embedder's own choice wins).
        #[cfg(feature = "kube-client-tls")]
        let _ = rustls::crypto::ring::default_provider().install_default();
        #[cfg(feature = "kube-client-tls")]
        if let Some(pem) = ca_pem {
            let certs = ureq::tls::parse_pem(pem)
                .filter_map(|item| match item {
                    Ok(ureq::tls::PemItem::Certificate(c)) => Some(Ok(c)),
                    Ok(_) => None,
                    Err(e) => Some(Err(e)),
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| ApiError(format!("the CA bundle: {e}")))?;
            config = config.tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(ureq::tls::RootCerts::new_with_certs(&certs))
                    .build(),
            );
        }
        Ok(HttpApi {
            base: base.trim_end_matches('/').to_owned(),
            token,
            namespace: namespace.to_owned(),
            label: label.to_owned(),
            agent: config.build().into(),
        })
    }

    /// The in-cluster API: `KUBERNETES_SERVICE_HOST`/`_PORT` and the pod's service account.
    /// `None` when the pod has neither.
    pub fn in_cluster() -> Option<Result<HttpApi, ApiError>> {
        let host = std::env::var("KUBERNETES_SERVICE_HOST").ok()?;
        let port = std::env::var("KUBERNETES_SERVICE_PORT").ok();
        HttpApi::service_account(Path::new(SA), &host, port.as_deref())
    }

    /// The API at `host`:`port` (443 when not given) with the service account files in `sa`
    /// (`token`, `ca.crt`, `namespace`); `None` without a token.
    pub fn service_account(
        sa: &Path,
        host: &str,
        port: Option<&str>,
    ) -> Option<Result<HttpApi, ApiError>> {
        let token = std::fs::read_to_string(sa.join("token")).ok()?;
        let ca = std::fs::read(sa.join("ca.crt")).ok();
        let ns = std::fs::read_to_string(sa.join("namespace")).unwrap_or_else(|_| "default".into());
        let host = if host.contains(':') {
            format!("[{host}]")
        } else {
            host.to_owned()
        };
        let base = format!("https://{host}:{}", port.unwrap_or("443"));
        Some(HttpApi::new(
            &base,
            Some(token.trim().to_owned()),
            ca.as_deref(),
            ns.trim(),
            &format!("in-cluster {base}"),
        ))
    }

    /// `GET /api/v1/nodes` (a NodeList), for `edgecfg fleet status`.
    pub fn nodes(&mut self) -> Result<serde_json::Value, ApiError> {
        self.get("/api/v1/nodes", "GET Nodes")
    }

    fn get(&self, path: &str, what: &str) -> Result<serde_json::Value, ApiError> {
        let r = self.auth(self.agent.get(self.url(path))).call();
        self.answer(what, r)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The bearer token, when there is one, and `Accept: application/json`.
    fn auth<B>(&self, req: ureq::RequestBuilder<B>) -> ureq::RequestBuilder<B> {
        let req = req.header("Accept", "application/json");
        match &self.token {
            Some(t) => req.header("Authorization", format!("Bearer {t}")),
            None => req,
        }
    }

    fn answer(
        &self,
        what: &str,
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<serde_json::Value, ApiError> {
        let mut resp = result.map_err(|e| ApiError(format!("{what}: {} ({e})", self.label)))?;
        let status = resp.status().as_u16();
        // A Node object is tens of KiB; 4 MiB bounds a hostile or broken server.
        let body = resp
            .body_mut()
            .with_config()
            .limit(4 << 20)
            .read_to_string()
            .map_err(|e| ApiError(format!("{what}: reading the answer: {e}")))?;
        let json: serde_json::Value =
            serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
        if (200..300).contains(&status) {
            return Ok(json);
        }
        // A Kubernetes Status object says why.
        let message = json
            .get("message")
            .and_then(|m| m.as_str())
            .unwrap_or(&body);
        Err(ApiError(format!(
            "{what}: HTTP {status}: {}",
            cap_text(message, 300)
        )))
    }
}

impl ClusterApi for HttpApi {
    fn endpoint(&self) -> Option<String> {
        Some(self.label.clone())
    }

    fn node(&mut self, name: &str) -> Result<serde_json::Value, ApiError> {
        self.get(
            &format!("/api/v1/nodes/{name}"),
            &format!("GET Node {name}"),
        )
    }

    fn annotate(
        &mut self,
        name: &str,
        annotations: &BTreeMap<String, Option<String>>,
    ) -> Result<(), ApiError> {
        let body = serde_json::json!({"metadata": {"annotations": annotations}}).to_string();
        let req = self.auth(self.agent.patch(self.url(&format!("/api/v1/nodes/{name}"))));
        let r = req.content_type("application/merge-patch+json").send(body);
        self.answer(&format!("PATCH Node {name}"), r).map(|_| ())
    }

    fn event(&mut self, name: &str, event: &NodeEvent) -> Result<(), ApiError> {
        let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
        // A Node has no namespace, and an Event must be in its object's: Events about Nodes go
        // to `default`, as the kubelet's do (in the pod's namespace the API server refuses them:
        // 422 "involvedObject.namespace: does not match event.namespace").
        let body = event.object(name, NODE_EVENTS, &now).to_string();
        let path = format!("/api/v1/namespaces/{NODE_EVENTS}/events");
        let req = self.auth(self.agent.post(self.url(&path)));
        let r = req.content_type("application/json").send(body);
        self.answer(&format!("POST Event about Node {name}"), r)
            .map(|_| ())
    }
}

#[cfg(all(test, feature = "kube-client-tls"))]
mod tests {
    use super::*;

    #[test]
    fn the_service_account_gives_address_token_and_namespace() {
        let sa = tempfile::tempdir().unwrap();
        assert!(
            HttpApi::service_account(sa.path(), "10.96.0.1", None).is_none(),
            "no token"
        );
        std::fs::write(sa.path().join("token"), "s3cret\n").unwrap();
        std::fs::write(sa.path().join("namespace"), "kubeedge\n").unwrap();
        let api = HttpApi::service_account(sa.path(), "10.96.0.1", None)
            .unwrap()
            .unwrap();
        assert_eq!(api.endpoint().unwrap(), "in-cluster https://10.96.0.1:443");
        assert_eq!(
            (api.token.as_deref(), api.namespace.as_str()),
            (Some("s3cret"), "kubeedge")
        );
        let api = HttpApi::service_account(sa.path(), "fd00::1", Some("6443"))
            .unwrap()
            .unwrap();
        assert_eq!(api.endpoint().unwrap(), "in-cluster https://[fd00::1]:6443");
        std::fs::write(
            sa.path().join("ca.crt"),
            "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        let e = HttpApi::service_account(sa.path(), "10.96.0.1", None)
            .unwrap()
            .unwrap_err();
        assert!(e.0.contains("CA bundle"), "{e}");
    }
}

/// At most `n` characters of `text`, with `…` when cut: an API's error text goes into the
/// status file, the log line and an Event, and a server must not be able to fill them.
fn cap_text(text: &str, n: usize) -> String {
    match text.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}
