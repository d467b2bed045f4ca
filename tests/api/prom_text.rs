//! A strict reader of the Prometheus text exposition format (0.0.4) for the `/metrics`
//! tests. Written here because the parser crates skip lines they cannot read, and one
//! (prometheus-parse) cannot read a label value holding `}`, which every route pattern
//! (`/threads/{id}`) does. Anything that is not a HELP or TYPE comment or a well-formed
//! sample of a typed family is an error.
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Sample {
    pub name: String,
    pub labels: HashMap<String, String>,
    pub value: f64,
}

#[derive(Debug, Default)]
pub struct Scrape {
    /// Family name → type (`counter`, `gauge`, `histogram`, …).
    pub types: HashMap<String, String>,
    pub samples: Vec<Sample>,
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// `{k="v",…}` after the name: the labels and the rest of the line.
fn labels(s: &str) -> Result<(HashMap<String, String>, &str), String> {
    let mut out = HashMap::new();
    let Some(mut rest) = s.strip_prefix('{') else {
        return Ok((out, s));
    };
    loop {
        if let Some(after) = rest.strip_prefix('}') {
            return Ok((out, after));
        }
        let (key, after) = rest.split_once("=\"").ok_or("label without =\"")?;
        if !is_name(key) {
            return Err(format!("bad label name {key:?}"));
        }
        let mut value = String::new();
        let mut chars = after.char_indices();
        let end = loop {
            match chars.next().ok_or("unterminated label value")? {
                (i, '"') => break i,
                (_, '\\') => match chars.next().ok_or("dangling escape")?.1 {
                    'n' => value.push('\n'),
                    '\\' => value.push('\\'),
                    '"' => value.push('"'),
                    c => return Err(format!("bad escape \\{c}")),
                },
                (_, '\n') => return Err("newline in a label value".into()),
                (_, c) => value.push(c),
            }
        };
        if out.insert(key.to_string(), value).is_some() {
            return Err(format!("label {key} twice"));
        }
        rest = &after[end + 1..];
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
}

fn number(s: &str) -> Result<f64, String> {
    match s {
        "+Inf" => Ok(f64::INFINITY),
        "-Inf" => Ok(f64::NEG_INFINITY),
        "NaN" => Ok(f64::NAN),
        _ => s.parse().map_err(|_| format!("not a number: {s:?}")),
    }
}

/// The family a sample belongs to: histograms add `_bucket`, `_sum` and `_count`.
fn family<'a>(name: &'a str, types: &HashMap<String, String>) -> &'a str {
    for suffix in ["_bucket", "_sum", "_count"] {
        if let Some(base) = name.strip_suffix(suffix) {
            if types.get(base).is_some_and(|t| t == "histogram") {
                return base;
            }
        }
    }
    name
}

pub fn parse(text: &str) -> Result<Scrape, String> {
    let mut s = Scrape::default();
    for (n, line) in text.lines().enumerate() {
        let at = |e: String| format!("line {}: {e}: {line:?}", n + 1);
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix("# ") {
            let mut parts = comment.splitn(3, ' ');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("HELP"), Some(name), Some(_)) if is_name(name) => {}
                (Some("TYPE"), Some(name), Some(kind)) if is_name(name) => {
                    if !["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind) {
                        return Err(at(format!("unknown type {kind}")));
                    }
                    if s.types.insert(name.into(), kind.into()).is_some() {
                        return Err(at("family typed twice".into()));
                    }
                }
                _ => return Err(at("a comment that is neither HELP nor TYPE".into())),
            }
            continue;
        }
        let end = line.find(['{', ' ']).ok_or_else(|| at("no value".into()))?;
        let name = &line[..end];
        if !is_name(name) {
            return Err(at(format!("bad metric name {name:?}")));
        }
        let (labels, rest) = labels(&line[end..]).map_err(at)?;
        let value = rest
            .strip_prefix(' ')
            .ok_or_else(|| at("no space before the value".into()))?;
        if value.contains(' ') {
            return Err(at("a timestamp or junk after the value".into()));
        }
        let value = number(value).map_err(at)?;
        if !s.types.contains_key(family(name, &s.types)) {
            return Err(at("a sample before its TYPE".into()));
        }
        s.samples.push(Sample {
            name: name.into(),
            labels,
            value,
        });
    }
    Ok(s)
}

#[test]
fn the_reader_refuses_what_a_scraper_would() {
    let good =
        "# HELP a_total A.\n# TYPE a_total counter\na_total{route=\"/t/{id}\",s=\"2\\\"\"} 3\n";
    let s = parse(good).expect("parses");
    assert_eq!(s.samples[0].labels["route"], "/t/{id}");
    assert_eq!(s.samples[0].labels["s"], "2\"");
    for bad in [
        "a_total 1\n",
        "# TYPE a counter\na{x=\"1\" 2\n",
        "# TYPE a counter\na one\n",
        "# TYPE a counter\na{1x=\"1\"} 2\n",
        "# TYPE a counter\na 1 2 3\n",
        "# nonsense here\n",
        "garbage\n",
    ] {
        assert!(parse(bad).is_err(), "{bad:?}");
    }
}
