//! Profile parameters: the values given (`--param KEY=VALUE`), checked against what the
//! selected profiles declare and typed.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as J;

use super::{ApplyError, Operation, ParamType, Parameter, Profile, ProfileError};

/// Parameter values for profiles, as given (`cloudAddress=192.0.2.10`). They are checked and
/// typed against the profiles' declarations when applied: a name no selected profile declares,
/// a value of the wrong type, or a missing required parameter is an error then.
///
/// ```
/// use edgecfg::Params;
/// let params: Params = "cloudAddress=192.0.2.10".parse().unwrap();
/// assert_eq!(params.get("cloudAddress"), Some("192.0.2.10"));
/// let params = Params::new().with("meshDNS", "169.254.96.16");
/// assert_eq!(params.len(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Params {
    values: BTreeMap<String, String>,
}

impl Params {
    /// No parameters.
    pub fn new() -> Params {
        Params::default()
    }

    /// Parses `KEY=VALUE` items (split at the first `=`); later items replace earlier ones.
    pub fn parse<I, S>(items: I) -> Result<Params, ProfileError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut p = Params::new();
        for item in items {
            let item = item.as_ref();
            match item.split_once('=') {
                Some((k, v)) if !k.trim().is_empty() => {
                    p.values.insert(k.trim().to_owned(), v.to_owned());
                }
                _ => {
                    return Err(ProfileError::Parameter {
                        name: item.to_owned(),
                        message: "is not KEY=VALUE".into(),
                    });
                }
            }
        }
        Ok(p)
    }

    /// Adds (or replaces) a value.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Params {
        self.insert(name, value);
        self
    }

    /// Adds (or replaces) a value.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.values.insert(name.into(), value.into());
    }

    /// The raw value given for `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when no value is given.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl std::str::FromStr for Params {
    type Err = ProfileError;

    /// One `KEY=VALUE`, or several separated by commas (`a=1,b=2`).
    fn from_str(s: &str) -> Result<Params, ProfileError> {
        Params::parse(s.split(',').filter(|p| !p.is_empty()))
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Params {
    fn from_iter<T: IntoIterator<Item = (K, V)>>(iter: T) -> Params {
        let mut p = Params::new();
        for (k, v) in iter {
            p.insert(k, v);
        }
        p
    }
}

/// How profiles are applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApplyOptions {
    /// Accept parameter values that are refused by default (a loopback `cloudAddress`).
    pub force: bool,
    /// The KubeEdge release results are checked for (`None`: chosen per file).
    pub release: Option<crate::model::Release>,
}

impl ApplyOptions {
    /// Default options: nothing forced.
    pub fn new() -> ApplyOptions {
        ApplyOptions::default()
    }

    /// Accept parameter values that are refused by default.
    pub fn force(mut self, force: bool) -> ApplyOptions {
        self.force = force;
        self
    }

    /// Check results for this KubeEdge release.
    pub fn release(mut self, release: Option<crate::model::Release>) -> ApplyOptions {
        self.release = release;
        self
    }
}

pub(crate) type Declared<'p> = BTreeMap<&'p str, &'p Parameter>;

/// Checks the given parameters against the declarations and types them.
pub(crate) fn check_params<'p>(
    profiles: &'p [Profile],
    params: &Params,
    options: &ApplyOptions,
) -> Result<(Declared<'p>, BTreeMap<String, J>), ApplyError> {
    let declared: Declared<'p> = profiles
        .iter()
        .flat_map(|p| p.parameters.iter())
        .map(|p| (p.name.as_str(), p))
        .collect();
    let mut values = BTreeMap::new();
    for (name, raw) in &params.values {
        let Some(decl) = declared.get(name.as_str()) else {
            let known: Vec<&str> = declared.keys().copied().collect();
            let hint = crate::model::did_you_mean(name, known.iter().copied())
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            return Err(ProfileError::Parameter {
                name: name.clone(),
                message: format!(
                    "no selected profile has this parameter ({hint}known: {})",
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                ),
            }
            .into());
        };
        values.insert(name.clone(), parse_param(decl, raw, options.force)?);
    }
    Ok((declared, values))
}

/// Adds defaults for the parameters `ops` use; a used parameter without value or default is
/// an error naming it.
pub(crate) fn fill_defaults(
    ops: &[(&Profile, &Operation)],
    declared: &Declared<'_>,
    mut values: BTreeMap<String, J>,
    what: &str,
) -> Result<BTreeMap<String, J>, ApplyError> {
    let mut used = BTreeSet::new();
    for (_, op) in ops {
        collect_params(
            &serde_json::to_value(op).expect("operations serialize"),
            &mut used,
        );
    }
    for name in &used {
        if values.contains_key(name) || matches!(name.as_str(), "container" | "podSpec") {
            continue;
        }
        let Some(p) = declared.get(name.as_str()) else {
            return Err(ProfileError::Parameter {
                name: name.clone(),
                message: "is used but not declared by any selected profile".into(),
            }
            .into());
        };
        match &p.default {
            Some(d) => {
                values.insert(name.clone(), d.clone());
            }
            None => {
                return Err(ProfileError::Parameter {
                    name: name.clone(),
                    message: format!(
                        "is required for {what}: give --param {name}=VALUE ({})",
                        p.description
                    ),
                }
                .into());
            }
        }
    }
    Ok(values)
}

fn collect_params(v: &J, out: &mut BTreeSet<String>) {
    match v {
        J::String(s) => {
            let mut rest = s.as_str();
            while let Some(i) = rest.find("${") {
                let Some(j) = rest[i..].find('}') else { break };
                let name = &rest[i + 2..i + j];
                if !name.starts_with("config:") {
                    out.insert(name.to_owned());
                }
                rest = &rest[i + j + 1..];
            }
        }
        J::Array(a) => a.iter().for_each(|x| collect_params(x, out)),
        J::Object(m) => m.iter().for_each(|(k, x)| {
            collect_params(&J::String(k.clone()), out);
            collect_params(x, out);
        }),
        _ => {}
    }
}

/// Checks and types a parameter value given on the command line.
pub(crate) fn parse_param(
    p: &Parameter,
    raw: &str,
    force: bool,
) -> Result<serde_json::Value, ProfileError> {
    let err = |message: String| ProfileError::Parameter {
        name: p.name.clone(),
        message,
    };
    let is_loopback = |host: &str| {
        host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified())
    };
    let v = match p.ty {
        ParamType::String => serde_json::Value::String(raw.to_owned()),
        ParamType::Integer => serde_json::Value::from(
            raw.parse::<i64>()
                .map_err(|_| err(format!("`{raw}` is not an integer")))?,
        ),
        ParamType::Boolean => match raw {
            "true" => true.into(),
            "false" => false.into(),
            _ => return Err(err(format!("`{raw}` is not true or false"))),
        },
        ParamType::Port => match raw.parse::<u32>() {
            Ok(n) if (1..=65535).contains(&n) => n.into(),
            _ => return Err(err(format!("`{raw}` is not a port (1–65535)"))),
        },
        ParamType::Host => {
            let ok = raw.parse::<std::net::IpAddr>().is_ok()
                || (!raw.is_empty()
                    && raw.len() <= 253
                    && raw.split('.').all(|l| {
                        !l.is_empty()
                            && l.len() <= 63
                            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                            && !l.starts_with('-')
                    }));
            if !ok {
                return Err(err(format!(
                    "`{raw}` is not a host name or IP address (no port, no scheme)"
                )));
            }
            if p.not_loopback && is_loopback(raw) && !force {
                return Err(err(format!(
                    "`{raw}` is a loopback or unspecified address, which edge nodes cannot reach; use the address they connect to (or --force)"
                )));
            }
            raw.into()
        }
        ParamType::IpPort => match crate::model::split_host_port(raw) {
            Some((h, port))
                if h.parse::<std::net::IpAddr>().is_ok() && (1..=65535).contains(&port) =>
            {
                raw.into()
            }
            _ => return Err(err(format!("`{raw}` is not IP:port with a literal IP"))),
        },
    };
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params() {
        let p = Parameter {
            name: "cloudAddress".into(),
            description: String::new(),
            ty: ParamType::Host,
            default: None,
            required: true,
            not_loopback: true,
        };
        assert_eq!(
            parse_param(&p, "192.0.2.10", false).unwrap(),
            serde_json::json!("192.0.2.10")
        );
        assert!(parse_param(&p, "127.0.0.1", false).is_err());
        assert!(parse_param(&p, "127.0.0.1", true).is_ok());
        assert!(parse_param(&p, "https://x", false).is_err());
        assert!(parse_param(&p, "x:1", false).is_err());
    }

    #[test]
    fn params_parse() {
        let p = Params::parse(["a=1", "b=x=y"]).unwrap();
        assert_eq!(p.get("b"), Some("x=y"));
        assert!(Params::parse(["novalue"]).is_err());
        assert!(Params::parse(["=v"]).is_err());
        let p: Params = "a=1,b=2".parse().unwrap();
        assert_eq!(p.len(), 2);
    }
}
