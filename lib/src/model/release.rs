//! KubeEdge releases: parsing `1.17`, `v1.17.5`, ordering, ranges, and how a file's release was
//! chosen.

use std::fmt;

/// A KubeEdge release: the minor, and the patch when known (`1.17` or `1.17.5`). Releases order
/// by minor, then patch (an unknown patch sorts first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release {
    /// The minor version (`17` for 1.17).
    pub minor: u8,
    /// The patch version, when known.
    pub patch: Option<u8>,
}

/// The oldest and newest releases edgecfg models: 1.11 (the last EdgeCore v1alpha1 release) to
/// 1.23.1.
pub const OLDEST: Release = Release::new(11, None);
/// The newest release edgecfg models; the default when nothing else decides.
pub const LATEST: Release = Release::new(23, Some(1));

/// A release string that is not `1.N` or `1.N.P` (a leading `v` is allowed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a KubeEdge release edgecfg models (1.11 to 1.23, written 1.17 or v1.17.5)")]
pub struct ReleaseError(pub String);

impl Release {
    /// A release `1.minor` or `1.minor.patch`.
    pub const fn new(minor: u8, patch: Option<u8>) -> Release {
        Release { minor, patch }
    }

    /// Parses `1.17`, `1.17.5`, `v1.17.5` (a suffix such as `-beta.0` is ignored). Releases
    /// outside 1.11–1.23 are refused.
    pub fn parse(s: &str) -> Result<Release, ReleaseError> {
        let r = Release::parse_any(s).ok_or_else(|| ReleaseError(s.to_owned()))?;
        if r.minor < OLDEST.minor || r.minor > LATEST.minor {
            return Err(ReleaseError(s.to_owned()));
        }
        Ok(r)
    }

    /// Parses any `1.N[.P]`, modelled or not.
    pub(crate) fn parse_any(s: &str) -> Option<Release> {
        let t = s.trim().trim_start_matches('v');
        let t = t.split(['-', '+']).next().unwrap_or(t);
        let mut parts = t.split('.');
        if parts.next()? != "1" {
            return None;
        }
        let minor = parts.next()?.parse().ok()?;
        let patch = match parts.next() {
            Some(p) => Some(p.parse().ok()?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Release { minor, patch })
    }

    /// The release as its minor (`1.17`).
    pub fn minor_only(self) -> Release {
        Release::new(self.minor, None)
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.patch {
            Some(p) => write!(f, "1.{}.{p}", self.minor),
            None => write!(f, "1.{}", self.minor),
        }
    }
}

impl std::str::FromStr for Release {
    type Err = ReleaseError;

    fn from_str(s: &str) -> Result<Release, ReleaseError> {
        Release::parse(s)
    }
}

impl serde::Serialize for Release {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Minor releases `first..=last` (`1.14–1.17`; serialized as that string).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleaseRange {
    /// The oldest minor.
    pub first: Release,
    /// The newest minor.
    pub last: Release,
}

impl fmt::Display for ReleaseRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first.minor == self.last.minor {
            write!(f, "{}", self.first.minor_only())
        } else {
            write!(f, "{}–{}", self.first.minor_only(), self.last.minor_only())
        }
    }
}

impl serde::Serialize for ReleaseRange {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Ranges covering a set of minors (`1.12, 1.15–1.23`).
pub fn ranges(minors: &[u8]) -> Vec<ReleaseRange> {
    let mut sorted = minors.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out: Vec<ReleaseRange> = Vec::new();
    for m in sorted {
        match out.last_mut() {
            Some(r) if r.last.minor + 1 == m => r.last = Release::new(m, None),
            _ => out.push(ReleaseRange {
                first: Release::new(m, None),
                last: Release::new(m, None),
            }),
        }
    }
    out
}

/// `1.12, 1.15–1.23`.
pub fn ranges_text(minors: &[u8]) -> String {
    ranges(minors)
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// How the release a file was checked against was chosen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum ReleaseSource {
    /// Given by the caller (`--kubeedge-version`).
    Given,
    /// The file's `apiVersion` belongs to one release line (EdgeCore v1alpha1: 1.11 and
    /// earlier).
    ApiVersion {
        /// The value in the file.
        value: String,
    },
    /// The file's `edgecoreVersion` (written by keadm and by edgecore ≥ 1.21 itself).
    EdgecoreVersion {
        /// The value in the file.
        value: String,
    },
    /// The releases whose field set contains every key of the file; the newest was chosen.
    Fields {
        /// The releases that fit.
        fits: ReleaseRange,
    },
    /// No release has every key of the file (or nothing decided): the latest release.
    Fallback,
}

/// The release a file is checked against, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReleaseChoice {
    /// The release.
    pub release: Release,
    /// How it was chosen.
    #[serde(flatten)]
    pub source: ReleaseSource,
}

impl ReleaseChoice {
    /// The latest release, chosen because nothing else decided.
    pub fn latest() -> ReleaseChoice {
        ReleaseChoice {
            release: LATEST,
            source: ReleaseSource::Fallback,
        }
    }

    /// A release given by the caller.
    pub fn given(release: Release) -> ReleaseChoice {
        ReleaseChoice {
            release,
            source: ReleaseSource::Given,
        }
    }
}

impl fmt::Display for ReleaseChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            ReleaseSource::Given => write!(f, "KubeEdge {}", self.release),
            ReleaseSource::ApiVersion { value } => {
                write!(f, "KubeEdge {} ({value})", self.release)
            }
            ReleaseSource::EdgecoreVersion { value } => {
                write!(f, "KubeEdge {} (edgecoreVersion {value})", self.release)
            }
            ReleaseSource::Fields { fits } => {
                write!(f, "KubeEdge {} (keys fit {fits})", self.release)
            }
            ReleaseSource::Fallback => write!(f, "KubeEdge {}", self.release),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_order() {
        assert_eq!(Release::parse("1.17").unwrap(), Release::new(17, None));
        assert_eq!(
            Release::parse("v1.17.5").unwrap(),
            Release::new(17, Some(5))
        );
        assert_eq!(
            Release::parse("v1.21.0-beta.0").unwrap(),
            Release::new(21, Some(0))
        );
        assert!(Release::parse("1.9").is_err() && Release::parse("1.24").is_err());
        assert!(Release::parse("2.1").is_err() && Release::parse("x").is_err());
        assert!(Release::new(17, None) < Release::new(17, Some(0)));
        assert_eq!(LATEST.to_string(), "1.23.1");
        assert_eq!(ranges_text(&[12, 15, 16, 17, 23]), "1.12, 1.15–1.17, 1.23");
    }
}
