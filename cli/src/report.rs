//! Printing: results and diffs on standard output (coloured on a terminal), errors on standard
//! error with file:line:column and a caret snippet. A closed pipe ends output quietly.

use std::fmt::Display;
use std::io::{self, Write};
use std::path::Path;

use anstyle::{AnsiColor, Style};
use edgecfg::diff::{self, DiffLine};
use edgecfg::document::Location;

/// A failure to report; exit status 2 (or 0 for a closed pipe).
#[derive(Debug)]
pub struct Failure {
    /// The complete message, possibly several lines.
    pub message: String,
    /// Standard output was closed by the reader: not an error.
    pub broken_pipe: bool,
}

impl Failure {
    fn new(message: String) -> Failure {
        Failure {
            message,
            broken_pipe: false,
        }
    }

    /// A usage mistake.
    pub fn usage(message: String) -> Failure {
        Failure::new(message)
    }

    /// Any error without a file.
    pub fn plain(e: impl Display) -> Failure {
        Failure::new(e.to_string())
    }

    /// An I/O error (it names its file).
    pub fn io(e: impl Display) -> Failure {
        Failure::new(e.to_string())
    }

    /// An error about a file as a whole.
    pub fn in_file(file: &Path, e: impl Display) -> Failure {
        Failure::new(format!("{}: {e}", file.display()))
    }

    /// An error at a place in a file, with a caret snippet.
    pub fn located(file: &Path, src: &str, loc: Location, message: impl Display) -> Failure {
        Failure::new(format!(
            "{}:{}:{}: {message}\n{}",
            file.display(),
            loc.line,
            loc.column,
            loc.snippet(src)
        ))
    }

    /// Adds a line of context before the message.
    pub fn with_context(mut self, context: &str) -> Failure {
        self.message = format!("{context}\n{}", self.message);
        self
    }

    /// A `set` the model refuses before editing.
    pub fn refused(file: &Path, assignment: &str, message: &str, help: Option<&str>) -> Failure {
        let mut m = format!("{}: {assignment}: {message}", file.display());
        if let Some(h) = help {
            m.push_str(&format!("\n  = help: {h}"));
        }
        m.push_str("\n  nothing was written");
        Failure::new(m)
    }
}

/// The library's errors, printed with their place and snippet.
impl From<edgecfg::Error> for Failure {
    fn from(e: edgecfg::Error) -> Failure {
        use edgecfg::Error as E;
        let located = |place: &edgecfg::Place, message: &dyn Display| {
            Failure::new(format!("{place}: {message}\n{}", place.snippet))
        };
        match &e {
            E::Parse { place, source } => located(place, &source.message),
            E::Edit {
                place: Some(place),
                source,
                ..
            } => located(place, source),
            E::Apply {
                place: Some(place),
                source,
                ..
            } => {
                let inner: &dyn Display = match &**source {
                    edgecfg::profile::ApplyError::Edit { error, .. } => error,
                    other => other,
                };
                located(place, inner).with_context(&source.to_string())
            }
            E::Refused {
                name,
                assignment,
                source,
            } => Failure::refused(
                Path::new(name),
                assignment,
                &source.message,
                source.help.as_deref(),
            ),
            E::Invalid { name, findings } => {
                let mut m = format!(
                    "{name}: the result would not be a valid configuration; nothing was written"
                );
                for lf in findings {
                    let f = &lf.finding;
                    m.push_str(&format!("\n{}\n{}", finding_line(name, f), lf.snippet));
                    if let Some(h) = &f.help {
                        m.push_str(&format!("\n  = help: {h}"));
                    }
                }
                Failure::new(m)
            }
            _ => Failure::new(e.to_string()),
        }
    }
}

/// Prints a failure on standard error.
pub fn print_failure(f: &Failure) {
    let mut err = anstream::stderr();
    let _ = writeln!(err, "edgecfg: error: {}", f.message);
}

/// Standard output with colour support.
pub struct Out {
    stdout: anstream::AutoStream<io::Stdout>,
}

fn pipe(e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure {
            message: String::new(),
            broken_pipe: true,
        }
    } else {
        Failure::new(format!("cannot write to standard output: {e}"))
    }
}

/// Rust's runtime reopens a closed descriptor 0–2 (`>&-`) on `/dev/null`, read-write, before
/// `main`, so output would vanish and the command exit 0. That is recognised on the first write
/// (descriptor 1 is `/dev/null` opened read-write, which a shell's `>/dev/null` never is: it
/// opens write-only) and the write fails with a clear error, exit 2. `1<>/dev/null` looks the
/// same and is taken for a closed output too.
#[cfg(unix)]
fn stdout_closed() -> bool {
    use std::os::fd::AsFd;
    let stdout = io::stdout();
    let fd = stdout.as_fd();
    let read_write = rustix::fs::fcntl_getfl(fd)
        .is_ok_and(|f| f & rustix::fs::OFlags::RWMODE == rustix::fs::OFlags::RDWR);
    let is_null = |st: &rustix::fs::Stat| {
        rustix::fs::FileType::from_raw_mode(st.st_mode) == rustix::fs::FileType::CharacterDevice
            && rustix::fs::stat("/dev/null").is_ok_and(|n| n.st_rdev == st.st_rdev)
    };
    read_write && rustix::fs::fstat(fd).is_ok_and(|st| is_null(&st))
}

/// Elsewhere nothing is checked.
#[cfg(not(unix))]
fn stdout_closed() -> bool {
    false
}

fn closed() -> Result<(), Failure> {
    static CLOSED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *CLOSED.get_or_init(stdout_closed) {
        Err(Failure::new(
            "cannot write to standard output: it is closed (bad file descriptor); redirect it to a file or /dev/null".into(),
        ))
    } else {
        Ok(())
    }
}

impl Out {
    /// Standard output, coloured according to `choice` (auto honours NO_COLOR and terminals).
    pub fn new(choice: anstream::ColorChoice) -> Out {
        Out {
            stdout: anstream::AutoStream::new(io::stdout(), choice),
        }
    }

    /// Writes text exactly as is: file contents and manifests bypass the colour layer, which
    /// would otherwise scan (and strip escape sequences from) every byte off a terminal.
    pub fn text(&mut self, s: &str) -> Result<(), Failure> {
        closed()?;
        self.stdout.flush().map_err(pipe)?;
        let mut raw = io::stdout().lock();
        raw.write_all(s.as_bytes()).map_err(pipe)?;
        raw.flush().map_err(pipe)
    }

    /// Writes one line in a style.
    pub fn styled(&mut self, line: &str, style: Style) -> Result<(), Failure> {
        closed()?;
        writeln!(self.stdout, "{style}{line}{style:#}").map_err(pipe)
    }

    /// Writes many pieces of text as is, through one buffer (a post-rendered stream is mostly
    /// slices of its input).
    pub fn pieces<S: AsRef<str>>(&mut self, pieces: &[S]) -> Result<(), Failure> {
        closed()?;
        self.stdout.flush().map_err(pipe)?;
        let mut w = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
        for p in pieces {
            w.write_all(p.as_ref().as_bytes()).map_err(pipe)?;
        }
        w.flush().map_err(pipe)
    }

    /// Writes a unified diff of `old` → `new` (nothing when equal).
    pub fn diff(&mut self, name: &str, old: &str, new: &str) -> Result<(), Failure> {
        closed()?;
        for line in diff::unified(name, old, new) {
            let style = match line {
                DiffLine::Header(_) => Style::new().bold(),
                DiffLine::Hunk(_) => AnsiColor::Cyan.on_default(),
                DiffLine::Removed(_) => AnsiColor::Red.on_default(),
                DiffLine::Added(_) => AnsiColor::Green.on_default(),
                DiffLine::Context(_) | DiffLine::NoNewline => Style::new(),
            };
            writeln!(self.stdout, "{style}{}{style:#}", line.text()).map_err(pipe)?;
        }
        self.stdout.flush().map_err(pipe)
    }

    /// A status line on standard error (standard output stays for results and diffs).
    pub fn note(&mut self, line: &str) {
        let _ = writeln!(anstream::stderr(), "{line}");
    }
}

/// A finding's first line: `error[rule]: NAME:LINE:COLUMN: message`.
pub fn finding_line(name: &dyn Display, f: &edgecfg::Finding) -> String {
    format!(
        "{}[{}]: {name}:{}:{}: {}",
        f.severity.as_str(),
        f.rule,
        f.location.line,
        f.location.column,
        f.message
    )
}

/// Warnings and infos an edit introduced (a new error refuses the edit instead), on standard
/// error, located in the result.
pub fn new_findings(out: &mut Out, outcome: &edgecfg::Outcome) {
    for f in &outcome.new_findings {
        let mut m = format!("{} (new with this change)", finding_line(&outcome.name, f));
        if let Some(h) = &f.help {
            m.push_str(&format!("\n  = help: {h}"));
        }
        out.note(&m);
    }
}
