//! A mapping's entries as go-yaml v2 builds its map, for both views of a mapping (parsed
//! [`super::Node`]s and resolved [`super::Value`]s): YAML 1.1 merge keys (`<<: *defaults`,
//! `<<: [*a, *b]`) and keys given twice.
//!
//! The rule, checked against go-yaml v2 (`decode.go` `mapping`/`merge`, through
//! `tools/kubeedge-decode`): entries apply in document order and a later one replaces an earlier
//! one of the same key, a `<<` entry applying its mapping's entries at its own position (so
//! `a: 1` then `<<: {a: 2}` gives 2, and `<<: {a: 2}` then `a: 1` gives 1); in a list of merged
//! mappings the earlier one wins.

/// One entry of a mapping: a key and value, or a `<<` merge key with the mappings it names.
pub(crate) enum MergeItem<K, V> {
    /// `key: value`.
    Own(K, V),
    /// `<<:` with its mapping (one) or list of mappings, in order.
    Merge(Vec<Vec<(K, V)>>),
}

/// Key-value pairs.
pub(crate) type Pairs<K, V> = Vec<(K, V)>;

/// The entries that make the map, each key once, in the order their final value was set; and
/// the own entries replaced by a later one (the same key again, or a later merge key).
pub(crate) fn merge_entries<K, V>(
    items: Vec<MergeItem<K, V>>,
    same: impl Fn(&K, &K) -> bool,
) -> (Pairs<K, V>, Pairs<K, V>) {
    let mut out: Vec<(K, V, bool)> = Vec::new();
    let mut replaced = Vec::new();
    let mut set = |k: K, v: V, own: bool, out: &mut Vec<(K, V, bool)>| {
        if let Some(i) = out.iter().position(|(o, _, _)| same(o, &k)) {
            let (ok, ov, was_own) = out.remove(i);
            if was_own {
                replaced.push((ok, ov));
            }
        }
        out.push((k, v, own));
    };
    for item in items {
        match item {
            MergeItem::Own(k, v) => set(k, v, true, &mut out),
            MergeItem::Merge(sources) => {
                for source in sources.into_iter().rev() {
                    for (k, v) in source {
                        set(k, v, false, &mut out);
                    }
                }
            }
        }
    }
    (out.into_iter().map(|(k, v, _)| (k, v)).collect(), replaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_decides_then_earlier_sources() {
        // a: 1, <<: [{a: 2, b: 2}, {b: 3, c: 3}], c: 4
        let (all, replaced) = merge_entries(
            vec![
                MergeItem::Own("a", 1),
                MergeItem::Merge(vec![vec![("a", 2), ("b", 2)], vec![("b", 3), ("c", 3)]]),
                MergeItem::Own("c", 4),
            ],
            |x, y| x == y,
        );
        assert_eq!(all, vec![("a", 2), ("b", 2), ("c", 4)]);
        assert_eq!(replaced, vec![("a", 1)]);
        let (all, replaced) = merge_entries(
            vec![MergeItem::Own("a", 1), MergeItem::Own("a", 5)],
            |x, y| x == y,
        );
        assert_eq!(all, vec![("a", 5)]);
        assert_eq!(replaced, vec![("a", 1)]);
    }
}
