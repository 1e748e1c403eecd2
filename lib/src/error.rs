//! The crate's error type: what the checked-edit path ([`crate::Editor`]) and the
//! post-renderer report. Each variant names the file (or stream document) and keeps the cause
//! as its [`std::error::Error::source`]. The `Display` text already contains the cause's
//! message (one line is what a Helm post-renderer can show); walk `source()` for the typed
//! causes, and skip messages already contained in the text when printing a chain.

use crate::document::{EditError, Location, ParseError};
use crate::edit::SelectError;
use crate::fsio::FsError;
use crate::model::{AssignmentError, Finding};
use crate::profile::{ApplyError, ProfileError};

/// A place in an input, for messages: the input's name, the location, and a caret snippet of
/// the line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Place {
    /// The input's name (a file path, `-`, or a stream document's `Kind/name`).
    pub name: String,
    /// Line and column.
    #[serde(flatten)]
    pub location: Location,
    /// The source line with a `^` under the column.
    #[serde(skip)]
    pub snippet: String,
}

impl Place {
    pub(crate) fn new(name: &str, src: &str, location: Location) -> Place {
        Place {
            name: name.to_owned(),
            location,
            snippet: location.snippet(src),
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}",
            self.name, self.location.line, self.location.column
        )
    }
}

/// A finding of a refused result, with the snippet of the line in the result it points at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LocatedFinding {
    /// The finding.
    #[serde(flatten)]
    pub finding: Finding,
    /// The line of the (unwritten) result with a `^` under the column.
    #[serde(skip)]
    pub snippet: String,
}

/// Why a checked edit, an apply or a post-render did not produce a result. Nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error(transparent)]
    Io(#[from] FsError),
    /// The input is not valid YAML.
    #[error("{place}: {}", .source.message)]
    Parse {
        /// Where.
        place: Box<Place>,
        /// The parser's error.
        #[source]
        source: ParseError,
    },
    /// The document to edit could not be chosen.
    #[error("{name}: {source}")]
    Select {
        /// The input.
        name: String,
        /// Why.
        #[source]
        source: Box<SelectError>,
    },
    /// The operation needs a CloudCore or EdgeCore configuration and the document is none.
    #[error("{name}: {message}")]
    NotAConfig {
        /// The input.
        name: String,
        /// What was found instead.
        message: String,
    },
    /// An assignment the model refuses before anything is edited.
    #[error("{name}: {assignment}: {source}")]
    Refused {
        /// The input.
        name: String,
        /// `PATH=VALUE` as given.
        assignment: String,
        /// Why.
        #[source]
        source: Box<AssignmentError>,
    },
    /// The document layer could not make an edit.
    #[error("{}: {source}", .place.as_ref().map_or_else(|| name.clone(), ToString::to_string))]
    Edit {
        /// The input.
        name: String,
        /// Where, when the edit error has a location.
        place: Option<Box<Place>>,
        /// The document layer's error.
        #[source]
        source: Box<EditError>,
    },
    /// A profile could not be applied.
    #[error("{name}: {source}")]
    Apply {
        /// The input.
        name: String,
        /// Where, when the failing edit has a location.
        place: Option<Box<Place>>,
        /// The profile engine's error.
        #[source]
        source: Box<ApplyError>,
    },
    /// The result would have validation errors the input did not have.
    #[error("{name}: the result would not be a valid configuration ({}); nothing was written", first_of(.findings))]
    Invalid {
        /// The input.
        name: String,
        /// The new error findings, located in the result.
        findings: Vec<LocatedFinding>,
    },
    /// Loading or resolving profiles, or their parameters, failed.
    #[error(transparent)]
    Profile(#[from] ProfileError),
}

fn first_of(findings: &[LocatedFinding]) -> String {
    match findings {
        [] => "no findings".into(),
        [one] => one.finding.to_string(),
        [first, rest @ ..] => format!("{first}, and {} more", rest.len(), first = first.finding),
    }
}

impl Error {
    /// Where the error is, when it has a place in the input.
    pub fn place(&self) -> Option<&Place> {
        match self {
            Error::Parse { place, .. } => Some(place),
            Error::Edit { place, .. } | Error::Apply { place, .. } => place.as_deref(),
            _ => None,
        }
    }

    pub(crate) fn edit(name: &str, src: &str, source: EditError) -> Error {
        Error::Edit {
            name: name.to_owned(),
            place: source
                .location()
                .map(|l| Box::new(Place::new(name, src, l))),
            source: Box::new(source),
        }
    }

    pub(crate) fn apply(name: &str, src: &str, source: ApplyError) -> Error {
        let place = match &source {
            ApplyError::Edit { error, .. } => {
                error.location().map(|l| Box::new(Place::new(name, src, l)))
            }
            _ => None,
        };
        Error::Apply {
            name: name.to_owned(),
            place,
            source: Box::new(source),
        }
    }
}
