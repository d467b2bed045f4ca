//! The order tables are filled in: every table after the tables its foreign keys point at,
//! so each committed batch satisfies the constraints on its own.
use std::collections::{BTreeMap, BTreeSet};

/// `parents` maps each table to the tables it references. Errors name the tables caught in
/// a reference cycle, which no copy order can satisfy.
pub fn parents_first(parents: &BTreeMap<String, BTreeSet<String>>) -> Result<Vec<String>, String> {
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    while out.len() < parents.len() {
        let ready: Vec<&String> = parents
            .iter()
            .filter(|(t, ps)| {
                !placed.contains(t.as_str())
                    && ps
                        .iter()
                        .all(|p| placed.contains(p.as_str()) || !parents.contains_key(p))
            })
            .map(|(t, _)| t)
            .collect();
        if ready.is_empty() {
            let stuck: Vec<&str> = parents
                .keys()
                .map(String::as_str)
                .filter(|t| !placed.contains(t))
                .collect();
            return Err(format!(
                "tables {} reference each other in a cycle; they cannot be copied one after another",
                stuck.join(", ")
            ));
        }
        for t in ready {
            placed.insert(t);
            out.push(t.clone());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(edges: &[(&str, &[&str])]) -> BTreeMap<String, BTreeSet<String>> {
        edges
            .iter()
            .map(|(t, ps)| (t.to_string(), ps.iter().map(|p| p.to_string()).collect()))
            .collect()
    }

    #[test]
    fn parents_come_before_children() {
        let order = parents_first(&map(&[
            ("posts", &["threads", "users"]),
            ("threads", &["users", "shows"]),
            ("users", &[]),
            ("shows", &[]),
        ]))
        .expect("no cycle");
        let at = |t: &str| order.iter().position(|x| x == t).expect("placed");
        assert!(at("users") < at("threads") && at("shows") < at("threads"));
        assert!(at("threads") < at("posts"));
    }

    #[test]
    fn a_cycle_is_named() {
        let err =
            parents_first(&map(&[("a", &["b"]), ("b", &["a"]), ("c", &[])])).expect_err("cycle");
        assert!(err.contains("a, b"), "{err}");
    }
}
