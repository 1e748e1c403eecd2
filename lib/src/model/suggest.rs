//! "Did you mean …?" suggestions by edit distance.

/// The closest candidate by edit distance (case-insensitive), if close enough: at most
/// `max(2, len/4)` edits. Candidates whose length alone rules them out are skipped, so a file
/// with many unknown keys costs little per key.
pub(crate) fn did_you_mean<'a>(
    key: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let k: Vec<char> = key.to_ascii_lowercase().chars().collect();
    let mut row = Vec::new();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let limit = 2.max(c.len() / 4);
        if k.len().abs_diff(c.chars().count()) > limit {
            continue;
        }
        let d = levenshtein(&k, &c.to_ascii_lowercase(), &mut row);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance with one reused row.
fn levenshtein(a: &[char], b: &str, row: &mut Vec<usize>) -> usize {
    let b: Vec<char> = b.chars().collect();
    row.clear();
    row.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != cb))
                .min(row[j + 1] + 1)
                .min(row[j] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        let mut row = Vec::new();
        let d = |a: &str, b: &str, row: &mut Vec<usize>| {
            levenshtein(&a.chars().collect::<Vec<_>>(), b, row)
        };
        assert_eq!(d("enabel", "enable", &mut row), 2);
        assert_eq!(d("kitten", "sitting", &mut row), 3);
        assert_eq!(d("", "abc", &mut row), 3);
        assert_eq!(
            did_you_mean("Heartbaet", ["heartbeat", "enable"].into_iter()),
            Some("heartbeat")
        );
    }
}
