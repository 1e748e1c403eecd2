//! "Did you mean …?" suggestions by edit distance.

/// The closest candidate by edit distance (case-insensitive), if close enough.
pub(crate) fn did_you_mean<'a>(
    key: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let k = key.to_ascii_lowercase();
    candidates
        .map(|c| (levenshtein(&k, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}
