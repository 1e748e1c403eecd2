//! The test cluster's own PKI, with openssl: a CA (also cloudcore's stream CA, as KubeEdge's
//! certgen.sh makes it), kube-apiserver's serving certificate, client certificates for the
//! admin, the apiserver's kubelet client and metrics-server, cloudcore's stream server
//! certificate, the front proxy for API aggregation, the service-account key pair; and
//! kubeconfigs for the admin and metrics-server.

use std::fs;
use std::path::Path;

use crate::kesys::CLOUD_IP;
use crate::proc::must;

/// Writes the PKI into `dir` and `admin.kubeconfig`, `metrics-client.kubeconfig` into
/// `kubeconfigs`.
pub fn make(dir: &Path, kubeconfigs: &Path) {
    let d = dir.to_path_buf();
    fs::create_dir_all(&d).unwrap();
    let ds = d.to_str().unwrap().to_owned();
    let sh = |script: &str| must(&["sh", "-ec", &format!("cd '{ds}'\n{script}")]);
    let key = |n: &str| {
        format!("openssl ecparam -name prime256v1 -genkey -noout -out {n}.key 2>/dev/null\n")
    };
    let ca = |n: &str, cn: &str| {
        format!(
            "{}openssl req -x509 -new -key {n}.key -subj /CN={cn} -days 30 -sha256 -out {n}.crt -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign,digitalSignature 2>/dev/null\n",
            key(n)
        )
    };
    let sign = |ca: &str, n: &str, subj: &str, ext: &str| {
        format!(
            "{}openssl req -new -key {n}.key -subj '{subj}' -out {n}.csr 2>/dev/null\nprintf '%b\\n' '{ext}' > {n}.ext\nopenssl x509 -req -in {n}.csr -CA {ca}.crt -CAkey {ca}.key -CAcreateserial -days 30 -sha256 -extfile {n}.ext -out {n}.crt 2>/dev/null\nrm -f {n}.csr {n}.ext\n",
            key(n)
        )
    };
    let srv = "basicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature,keyEncipherment\\nextendedKeyUsage=serverAuth";
    let cli = "basicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature,keyEncipherment\\nextendedKeyUsage=clientAuth";
    let mut script = ca("ca", "kesys-ca");
    script += &sign(
        "ca",
        "apiserver",
        "/CN=kube-apiserver",
        &format!(
            "{srv}\\nsubjectAltName=DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,IP:127.0.0.1,IP:{CLOUD_IP},IP:10.96.0.1"
        ),
    );
    script += &sign("ca", "admin", "/O=system:masters/CN=kesys-admin", cli);
    script += &sign(
        "ca",
        "apiserver-kubelet-client",
        "/O=system:masters/CN=kube-apiserver-kubelet-client",
        cli,
    );
    script += &sign(
        "ca",
        "metrics-client",
        "/CN=system:serviceaccount:kube-system:metrics-server",
        cli,
    );
    // cloudcore's stream server (10003): the cluster CA signs it, as KubeEdge's certgen.sh does
    script += &sign(
        "ca",
        "stream",
        "/CN=kubeedge-stream",
        &format!("{srv}\\nsubjectAltName=DNS:cloudcore,IP:{CLOUD_IP}"),
    );
    // API aggregation (metrics.k8s.io): a front-proxy CA and the aggregator's client
    script += &ca("front-proxy-ca", "kesys-front-proxy-ca");
    script += &sign(
        "front-proxy-ca",
        "front-proxy-client",
        "/CN=front-proxy-client",
        cli,
    );
    script += "cp ca.crt streamCA.crt\nopenssl genrsa -out sa.key 2048 2>/dev/null\nopenssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null\nchmod 600 *.key\n";
    sh(&script);
    for user in ["admin", "metrics-client"] {
        fs::create_dir_all(kubeconfigs).unwrap();
        fs::write(
            kubeconfigs.join(format!("{user}.kubeconfig")),
            format!(
                "apiVersion: v1\nkind: Config\nclusters: [{{name: kesys, cluster: {{server: \"https://127.0.0.1:6443\", certificate-authority: {ds}/ca.crt}}}}]\nusers: [{{name: u, user: {{client-certificate: {ds}/{user}.crt, client-key: {ds}/{user}.key}}}}]\ncontexts: [{{name: kesys, context: {{cluster: kesys, user: u}}}}]\ncurrent-context: kesys\n"
            ),
        )
        .unwrap();
    }
}
