//! Many files: directory walks with `--include`/`--exclude`, `-q`, a progress bar on a
//! terminal, and the summary that ends a run over several files.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::report::{Failure, Out};

/// Flags of the commands that take many files (`validate`, `apply`).
#[derive(Args, Debug, Clone, Default)]
pub struct ManyArgs {
    /// In directories, only files matching GLOB (repeatable). A GLOB with `/` matches the path
    /// below the directory given (`sites/*/edge-*.yaml`, `**` for any depth), one without
    /// matches the file name (`edge-*.yaml`). Files named on the command line are always taken.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// In directories, skip files and directories matching GLOB (repeatable; same matching as
    /// --include; wins over it).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// No line per file: only errors, and for several files the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Files read and checked at once (threads; default: the number of CPUs). Results are
    /// printed in the same order whatever N is; files are written one at a time.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

impl ManyArgs {
    /// The number of threads for `--jobs`.
    pub fn jobs(&self) -> usize {
        self.jobs.map_or_else(
            || std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
            usize::from,
        )
    }
}

/// Runs `work` on every item, on up to `jobs` threads, and hands each result to `consume` in
/// the items' order as soon as the results before it are in (a long directory streams). When
/// `consume` returns an error, no further item is started and the error is returned.
pub fn for_each_ordered<T, R, E>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(&T, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let jobs = jobs.min(items.len());
    if jobs <= 1 {
        for item in items {
            consume(item, work(item))?;
        }
        return Ok(());
    }
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, R)>(jobs * 4);
        for _ in 0..jobs {
            let tx = tx.clone();
            let (next, stop, work) = (&next, &stop, &work);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if tx.send((i, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending = std::collections::BTreeMap::new();
        let mut expected = 0;
        for (i, r) in rx.iter() {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&expected) {
                if let Err(e) = consume(&items[expected], r) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
                expected += 1;
            }
        }
        Ok(())
    })
}

/// Globs split by what they match: the path below the directory given (a glob with `/`), or
/// the file name.
#[derive(Default)]
struct Globs {
    by_path: Vec<glob::Pattern>,
    by_name: Vec<glob::Pattern>,
}

const MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

impl Globs {
    fn new(patterns: &[String], flag: &str) -> Result<Globs, Failure> {
        let mut g = Globs::default();
        for p in patterns {
            let pattern = glob::Pattern::new(p)
                .map_err(|e| Failure::usage(format!("--{flag} `{p}`: {e}")))?;
            if p.contains('/') {
                g.by_path.push(pattern);
            } else {
                g.by_name.push(pattern);
            }
        }
        Ok(g)
    }

    fn is_empty(&self) -> bool {
        self.by_path.is_empty() && self.by_name.is_empty()
    }

    fn matches(&self, rel: &Path) -> bool {
        self.by_path.iter().any(|g| g.matches_path_with(rel, MATCH))
            || rel.file_name().is_some_and(|n| {
                self.by_name
                    .iter()
                    .any(|g| g.matches_with(&n.to_string_lossy(), MATCH))
            })
    }
}

struct Filter {
    include: Globs,
    exclude: Globs,
}

impl Filter {
    fn new(args: &ManyArgs) -> Result<Filter, Failure> {
        Ok(Filter {
            include: Globs::new(&args.include, "include")?,
            exclude: Globs::new(&args.exclude, "exclude")?,
        })
    }

    fn excluded(&self, rel: &Path) -> bool {
        self.exclude.matches(rel)
    }

    fn included(&self, rel: &Path) -> bool {
        self.include.is_empty() || self.include.matches(rel)
    }
}

/// How deep a directory walk goes below the directory given; deeper is refused (a loop of
/// bind mounts, or a tree nobody meant to walk).
pub const MAX_DEPTH: usize = 32;

/// The files to work on: files as given, and for each directory every `*.yaml` / `*.yml`
/// below it (recursively, in name order; hidden entries skipped), filtered by
/// `--include`/`--exclude`. `-` (standard input) may be given once.
///
/// A walk does not follow symbolic links to directories (`sites/root -> /` would walk the whole
/// filesystem, `self -> .` would give every file again under another name): each is named on
/// standard error and skipped. A symbolic link to a file is taken, as `find -L` would not but
/// a user linking a config into a folder expects. Deeper than [`MAX_DEPTH`] is refused.
pub fn inputs(given: &[PathBuf], args: &ManyArgs) -> Result<Vec<PathBuf>, Failure> {
    inputs_with(given, args, &["yaml", "yml"])
}

/// [`inputs`] taking these file extensions in directories (`check` also reads `*.json`).
pub fn inputs_with(
    given: &[PathBuf],
    args: &ManyArgs,
    extensions: &[&str],
) -> Result<Vec<PathBuf>, Failure> {
    struct Walk<'a> {
        root: &'a Path,
        filter: &'a Filter,
        extensions: &'a [&'a str],
        out: Vec<PathBuf>,
    }
    fn walk(w: &mut Walk<'_>, dir: &Path, depth: usize) -> Result<(), Failure> {
        if depth > MAX_DEPTH {
            return Err(Failure::plain(format!(
                "{}: more than {MAX_DEPTH} directory levels below {}; name a deeper directory directly",
                dir.display(),
                w.root.display()
            )));
        }
        let mut entries: Vec<(PathBuf, std::fs::FileType)> = std::fs::read_dir(dir)
            .map_err(|e| Failure::plain(format!("{}: {e}", dir.display())))?
            .filter_map(|e| {
                let e = e.ok()?;
                Some((e.path(), e.file_type().ok()?))
            })
            .filter(|(p, _)| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (p, kind) in entries {
            let rel = p.strip_prefix(w.root).unwrap_or(&p);
            if w.filter.excluded(rel) {
                continue;
            }
            // `file_type` does not follow links: a link is looked through only to tell a
            // linked file (taken) from a linked directory (skipped, and said).
            let is_dir = if kind.is_symlink() {
                if p.is_dir() {
                    eprintln!(
                        "edgecfg: note: {}: a symbolic link to a directory, not followed (name it to read it)",
                        p.display()
                    );
                    continue;
                }
                false
            } else {
                kind.is_dir()
            };
            if is_dir {
                walk(w, &p, depth + 1)?;
            } else if p
                .extension()
                .is_some_and(|e| w.extensions.iter().any(|x| e == *x))
                && w.filter.included(rel)
            {
                w.out.push(p);
            }
        }
        Ok(())
    }
    let filter = Filter::new(args)?;
    let mut out = Vec::new();
    for g in given {
        if g.as_os_str() != "-" && g.is_dir() {
            let mut w = Walk {
                root: g,
                filter: &filter,
                extensions,
                out: Vec::new(),
            };
            walk(&mut w, g, 0)?;
            out.append(&mut w.out);
        } else {
            out.push(g.clone());
        }
    }
    if out.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(Failure::usage(
            "standard input (`-`) can be given only once".into(),
        ));
    }
    Ok(out)
}

/// A progress bar on standard error for long runs (at least [`Progress::MIN_FILES`] files),
/// only when standard error is a terminal; hidden otherwise. Output printed while it shows
/// goes through [`Progress::suspend`], so lines and the bar do not mix.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    /// Runs shorter than this show no bar.
    pub const MIN_FILES: usize = 200;

    /// A bar over `total` files, or none (short run, or standard error not a terminal).
    pub fn new(total: usize) -> Progress {
        use std::io::IsTerminal;
        let show = total >= Progress::MIN_FILES
            && std::io::stderr().is_terminal()
            && std::env::var_os("EDGECFG_NO_PROGRESS").is_none();
        let bar = show.then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} files  {per_sec}  eta {eta}  {wide_msg}",
                )
                .expect("a valid template"),
            );
            bar
        });
        Progress { bar }
    }

    /// One file done; `name` is shown beside the bar.
    pub fn tick(&self, name: &Path) {
        if let Some(b) = &self.bar {
            b.set_message(name.display().to_string());
            b.inc(1);
        }
    }

    /// Runs `f` with the bar cleared (for output lines).
    pub fn suspend<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(b) => b.suspend(f),
            None => f(),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// The line that ends a run over several files: `212 files: 40 changed, 170 unchanged, 2
/// failed`, then the failed files again, one per line (they scrolled away with the rest).
/// On standard output when the command's report is there (`validate`), else on standard error
/// with the status lines.
pub fn summary(
    out: &mut Out,
    on_stdout: bool,
    total: usize,
    counts: &[(usize, &str)],
    failed: &[String],
) -> Result<(), Failure> {
    let parts: Vec<String> = counts.iter().map(|(n, w)| format!("{n} {w}")).collect();
    let mut text = format!("{total} files: {}\n", parts.join(", "));
    for f in failed {
        text.push_str(&format!("  {f}\n"));
    }
    if on_stdout {
        out.text(&text)
    } else {
        out.note(text.trim_end());
        Ok(())
    }
}
