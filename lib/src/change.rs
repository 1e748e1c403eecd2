//! What an edit did, as data: one [`Change`] per value written or removed.

use serde_json::Value as J;

/// What happened at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// A value was written (created or replaced).
    Set,
    /// An item was appended to a list.
    Appended,
    /// A key or item was removed.
    Removed,
}

/// One change an edit made (or, in a preview, would make).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// The path changed, dotted (`modules.edgeStream.enable`).
    pub path: String,
    /// What happened.
    pub action: Action,
    /// The value the file had there before (`None`: not set in the file, so KubeEdge's
    /// default applied).
    pub old: Option<J>,
    /// The value written (`None` for a removal).
    pub new: Option<J>,
    /// The profile whose operation made the change (`None` for a direct `set`/`unset`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Why the operation exists (the profile operation's `why`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl std::fmt::Display for Change {
    /// `modules.edgeStream.enable: set to true (was false)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |v: &J| match v {
            J::String(s) => s.clone(),
            other => other.to_string(),
        };
        write!(f, "{}: ", self.path)?;
        match (self.action, &self.new) {
            (Action::Removed, _) | (_, None) => f.write_str("removed")?,
            (Action::Appended, Some(v)) => write!(f, "appended {}", show(v))?,
            (Action::Set, Some(v)) => write!(f, "set to {}", show(v))?,
        }
        if let (Some(old), Action::Set) = (&self.old, self.action) {
            write!(f, " (was {})", show(old))?;
        }
        Ok(())
    }
}
