//! Import loops in the file graph: Tarjan's strongly connected components, and for each
//! file in one the shortest loop through it.
use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::Import;

/// The first import from each file to each other file.
fn edges(graph: &BTreeMap<String, Vec<Import>>) -> BTreeMap<&str, BTreeMap<&str, &Import>> {
    let mut out: BTreeMap<&str, BTreeMap<&str, &Import>> = BTreeMap::new();
    for (file, list) in graph {
        let to = out.entry(file.as_str()).or_default();
        for i in list {
            to.entry(i.target.as_str())
                .and_modify(|first| {
                    if i.line < first.line {
                        *first = i;
                    }
                })
                .or_insert(i);
        }
    }
    out
}

/// Import loops: one line per group of files that all reach each other, then for every file
/// of a group the shortest loop through it, in order (a loop reached from several of its
/// files is listed once).
pub fn loops(graph: &BTreeMap<String, Vec<Import>>) -> Vec<String> {
    let edges = edges(graph);
    let mut seen = BTreeSet::new();
    let mut groups = Vec::new();
    for group in strongly_connected(&edges) {
        if group.len() < 2 {
            continue;
        }
        let files: Vec<&str> = group.iter().copied().collect();
        groups.push(format!(
            "import loops tie {} files together: {}",
            files.len(),
            files.join(", ")
        ));
        for start in &group {
            if let Some(mut cycle) = shortest_cycle(&edges, start, &group) {
                let first = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
                cycle.rotate_left(first);
                seen.insert(cycle);
            }
        }
    }
    groups.sort();
    groups.extend(seen.into_iter().map(|cycle| {
        let mut line = String::from("import loop: ");
        for (k, from) in cycle.iter().enumerate() {
            let to = cycle[(k + 1) % cycle.len()];
            let i = edges[from][to];
            line.push_str(&format!("{from}:{} `{}` -> ", i.line, i.written));
        }
        line.push_str(cycle[0]);
        line
    }));
    groups
}

/// Tarjan's algorithm: groups of files that all reach each other.
fn strongly_connected<'a>(
    edges: &BTreeMap<&'a str, BTreeMap<&'a str, &Import>>,
) -> Vec<BTreeSet<&'a str>> {
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        groups: Vec<BTreeSet<&'a str>>,
    }
    fn visit<'a>(
        v: &'a str,
        edges: &BTreeMap<&'a str, BTreeMap<&'a str, &Import>>,
        s: &mut State<'a>,
    ) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for &w in edges.get(v).into_iter().flat_map(|m| m.keys()) {
            if !s.index.contains_key(w) {
                visit(w, edges, s);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.insert(w);
                if w == v {
                    break;
                }
            }
            s.groups.push(group);
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        groups: Vec::new(),
    };
    for &v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(v, edges, &mut s);
        }
    }
    s.groups
}

/// Breadth-first from `start` back to itself inside `group`: the files of the loop in order.
fn shortest_cycle<'a>(
    edges: &BTreeMap<&'a str, BTreeMap<&'a str, &Import>>,
    start: &'a str,
    group: &BTreeSet<&'a str>,
) -> Option<Vec<&'a str>> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in edges.get(v).into_iter().flat_map(|m| m.keys()) {
            if w == start {
                let mut cycle = vec![v];
                while let Some(&p) = came_from.get(cycle[cycle.len() - 1]) {
                    cycle.push(p);
                }
                cycle.reverse();
                return Some(cycle);
            }
            if group.contains(w) && !came_from.contains_key(w) && w != start {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    None
}
