//! The `ensureItems` action: make lists contain items (mappings or scalars, compared whole),
//! through every item of the lists a `[*]` names — the shape of Kubernetes' node affinity
//! (`nodeSelectorTerms[*].matchExpressions`, where terms are ORed and each must carry the
//! expression) and of a ServiceMonitor's `endpoints[*].relabelings`.

use serde_json::Value as J;

use super::{ApplyError, Ctx, json_at};

impl Ctx<'_> {
    /// Ensures `items` in every list `path` names; `[*]` segments fan out over existing items,
    /// and a missing or empty list there gets one item built from the rest of the path.
    pub(super) fn ensure_items(&mut self, path: &str, items: &[J]) -> Result<(), ApplyError> {
        let parts: Vec<&str> = path.split("[*]").collect();
        self.ensure_items_at(String::new(), &parts, items)
    }

    fn ensure_items_at(
        &mut self,
        prefix: String,
        parts: &[&str],
        items: &[J],
    ) -> Result<(), ApplyError> {
        let head = format!("{prefix}{}", parts[0]);
        let path = self.path(&head)?;
        let current = json_at(&self.effective(), &path).cloned();
        if parts.len() == 1 {
            return match current {
                Some(J::Array(list)) => {
                    let append = self.path(&format!("{head}[-]"))?;
                    for item in items {
                        if !list.contains(item) {
                            self.set(&append, item)?;
                        }
                    }
                    Ok(())
                }
                None | Some(J::Null) => self.set(&path, &J::Array(items.to_vec())),
                Some(other) => Err(self.bad(format!(
                    "ensureItems: `{head}` is not a list ({})",
                    kind(&other)
                ))),
            };
        }
        match current {
            Some(J::Array(list)) if !list.is_empty() => {
                for i in 0..list.len() {
                    self.ensure_items_at(format!("{head}[{i}]"), &parts[1..], items)?;
                }
                Ok(())
            }
            None | Some(J::Null) | Some(J::Array(_)) => {
                let built = build(&parts[1..], items);
                self.set(&path, &J::Array(vec![built]))
            }
            Some(other) => Err(self.bad(format!(
                "ensureItems: `{head}` is not a list ({})",
                kind(&other)
            ))),
        }
    }
}

/// The item a missing list gets: the rest of the path (`.matchExpressions`, possibly with more
/// `[*]`) built as mappings around the items.
fn build(rest: &[&str], items: &[J]) -> J {
    let inner = if rest.len() == 1 {
        J::Array(items.to_vec())
    } else {
        J::Array(vec![build(&rest[1..], items)])
    };
    rest[0]
        .split('.')
        .filter(|k| !k.is_empty())
        .rev()
        .fold(inner, |v, k| {
            let mut m = serde_json::Map::new();
            m.insert(k.to_owned(), v);
            J::Object(m)
        })
}

fn kind(v: &J) -> &'static str {
    match v {
        J::Object(_) => "a mapping",
        J::String(_) => "a string",
        J::Bool(_) => "a boolean",
        J::Number(_) => "a number",
        _ => "a value",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn build_nests_the_rest_of_the_path() {
        let items = [serde_json::json!({"key": "k", "operator": "DoesNotExist"})];
        assert_eq!(
            super::build(&[".matchExpressions"], &items),
            serde_json::json!({"matchExpressions": [{"key": "k", "operator": "DoesNotExist"}]})
        );
        assert_eq!(
            super::build(&[".a.b", ".c"], &items),
            serde_json::json!({"a": {"b": [{"c": [{"key": "k", "operator": "DoesNotExist"}]}]}})
        );
    }
}
