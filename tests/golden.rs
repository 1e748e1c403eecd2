//! Golden in/out cases, one folder per case under `tests/cases/` (as cargo-edit does):
//! `in.yaml` is the input, `args` the command line (one argument per line, `{}` for the file).
//! The binary edits a copy in place; the snapshot (in `snapshots/`) records the exit status,
//! standard output, standard error, the diff and the resulting bytes (CR shown as `␍`, a BOM as `<BOM>`).

mod common;

use std::fs;
use std::process::Command;

fn visible(s: &str) -> String {
    s.replace('\u{feff}', "<BOM>").replace('\r', "␍")
}

#[test]
fn golden_cases() {
    let cases_dir = common::root().join("tests/cases");
    let mut names: Vec<_> = fs::read_dir(&cases_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert!(names.len() >= 15, "the golden cases are missing");
    for name in names {
        let name = name.to_string_lossy().to_string();
        let dir = cases_dir.join(&name);
        let input = fs::read(dir.join("in.yaml")).unwrap();
        let args: Vec<String> = fs::read_to_string(dir.join("args"))
            .unwrap()
            .lines()
            .map(|l| l.replace("{}", "in.yaml"))
            .collect();
        let work = tempfile::tempdir().unwrap();
        fs::write(work.path().join("in.yaml"), &input).unwrap();
        // Other files of the case (a profile file, …) go next to it.
        for extra in fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
            let n = extra.file_name().unwrap().to_string_lossy().to_string();
            if n != "in.yaml" && n != "args" {
                fs::copy(&extra, work.path().join(&n)).unwrap();
            }
        }
        let out = Command::new(common::bin())
            .args(&args)
            .current_dir(work.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let result = fs::read(work.path().join("in.yaml")).unwrap();
        let code = out.status.code();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{name}: panic: {stderr}");
        if code != Some(0) {
            assert_eq!(result, input, "{name}: a failed command changed the file");
        }
        let before = String::from_utf8(input.clone()).unwrap();
        let after = String::from_utf8(result.clone()).unwrap();
        // Independent of the snapshot: lines the diff does not touch are identical, in order.
        let diff = similar::TextDiff::from_lines(before.as_str(), after.as_str());
        let kept: Vec<&str> = diff
            .iter_all_changes()
            .filter(|c| c.tag() == similar::ChangeTag::Equal)
            .map(|c| c.value())
            .collect();
        let unchanged_in: Vec<&str> = before.split_inclusive('\n').collect();
        assert!(kept.len() <= unchanged_in.len());
        let snapshot = format!(
            "$ edgecfg {}\nexit: {}\n--- stdout\n{}--- stderr\n{}--- diff\n{}--- result\n{}",
            args.join(" "),
            code.map_or("signal".into(), |c| c.to_string()),
            visible(&String::from_utf8_lossy(&out.stdout)),
            visible(&stderr),
            visible(&edgecfg::diff::unified_text("in.yaml", &before, &after)),
            visible(&after),
        );
        insta::with_settings!({
            snapshot_path => common::root().join("snapshots"),
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("golden__{name}"), snapshot);
        });
    }
}
