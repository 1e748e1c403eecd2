//! YAML 1.1 merge keys (`<<: *defaults`, `<<: [*a, *b]`), resolved once for both views of a
//! mapping (parsed [`super::Node`]s and resolved [`super::Value`]s).
//!
//! The rule, as KubeEdge's decoder applies it: the mapping's own keys win; among merged
//! mappings, the first `<<` key and, within a list, the earlier source win.

/// Resolves merge keys: `own` are the mapping's entries without `<<`, `sources` the mappings
/// named by its `<<` keys, in order. Returns the merged entries the mapping does not override
/// (each key once, first source wins), followed by `own`, and the number of merged entries.
pub(crate) fn merge_entries<K, V>(
    own: Vec<(K, V)>,
    sources: impl IntoIterator<Item = Vec<(K, V)>>,
    same: impl Fn(&K, &K) -> bool,
) -> (Vec<(K, V)>, usize) {
    let mut out: Vec<(K, V)> = Vec::new();
    for source in sources {
        for (k, v) in source {
            if !out.iter().any(|(o, _)| same(o, &k)) && !own.iter().any(|(o, _)| same(o, &k)) {
                out.push((k, v));
            }
        }
    }
    let merged = out.len();
    out.extend(own);
    (out, merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_keys_win_then_earlier_sources() {
        let (all, merged) = merge_entries(
            vec![("a", 1)],
            vec![vec![("a", 2), ("b", 2)], vec![("b", 3), ("c", 3)]],
            |x, y| x == y,
        );
        assert_eq!(all, vec![("b", 2), ("c", 3), ("a", 1)]);
        assert_eq!(merged, 2);
    }
}
