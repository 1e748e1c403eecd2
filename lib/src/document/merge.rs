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
///
/// Keys are `same` when they are the same key; `hash` must give equal hashes to keys that are
/// `same`, and `None` for a key that is never the same as another (it is then only added). Each
/// key costs one hash lookup, so a mapping of many entries is merged in linear time.
pub(crate) fn merge_entries<K, V>(
    items: Vec<MergeItem<K, V>>,
    hash: impl Fn(&K) -> Option<u64>,
    same: impl Fn(&K, &K) -> bool,
) -> (Pairs<K, V>, Pairs<K, V>) {
    struct Map<K, V> {
        /// Entries in the order they were set; a replaced one leaves `None`.
        slots: Vec<Option<(K, V, bool)>>,
        /// Slot indexes of the live entries, by key hash.
        by_hash: std::collections::HashMap<u64, Vec<usize>>,
        replaced: Vec<(K, V)>,
    }
    let mut map = Map {
        slots: Vec::new(),
        by_hash: std::collections::HashMap::new(),
        replaced: Vec::new(),
    };
    let set = |k: K, v: V, own: bool, map: &mut Map<K, V>| {
        if let Some(h) = hash(&k) {
            let live = map.by_hash.entry(h).or_default();
            let earlier = live
                .iter()
                .position(|&i| map.slots[i].as_ref().is_some_and(|(o, _, _)| same(o, &k)));
            if let Some(pos) = earlier {
                let i = live.swap_remove(pos);
                if let Some((ok, ov, true)) = map.slots[i].take() {
                    map.replaced.push((ok, ov));
                }
            }
            live.push(map.slots.len());
        }
        map.slots.push(Some((k, v, own)));
    };
    for item in items {
        match item {
            MergeItem::Own(k, v) => set(k, v, true, &mut map),
            MergeItem::Merge(sources) => {
                for source in sources.into_iter().rev() {
                    for (k, v) in source {
                        set(k, v, false, &mut map);
                    }
                }
            }
        }
    }
    (
        map.slots
            .into_iter()
            .flatten()
            .map(|(k, v, _)| (k, v))
            .collect(),
        map.replaced,
    )
}

/// A hash of a string key for [`merge_entries`].
pub(crate) fn hash_str(s: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(s)
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
            |x| Some(hash_str(x)),
            |x, y| x == y,
        );
        assert_eq!(all, vec![("a", 2), ("b", 2), ("c", 4)]);
        assert_eq!(replaced, vec![("a", 1)]);
        let (all, replaced) = merge_entries(
            vec![MergeItem::Own("a", 1), MergeItem::Own("a", 5)],
            |x| Some(hash_str(x)),
            |x, y| x == y,
        );
        assert_eq!(all, vec![("a", 5)]);
        assert_eq!(replaced, vec![("a", 1)]);
    }
}
