//! Rust source as tokens, with std alone: comments and literals are blanked first (keeping
//! line breaks, so line numbers stay right), then identifiers, `::` and single punctuation
//! are split apart.

#[derive(Debug, Clone)]
pub struct Tok {
    pub text: String,
    pub ident: bool,
    pub line: usize,
    pub offset: usize,
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

pub fn tokens(text: &str) -> Vec<Tok> {
    let c: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < c.len() {
        let start = i;
        if c[i] == '\n' {
            line += 1;
            i += 1;
            continue;
        }
        if c[i].is_whitespace() {
            i += 1;
            continue;
        }
        let ident = is_ident_char(c[i]);
        if ident {
            // `r#type`: a raw identifier is one token.
            if c[i] == 'r'
                && c.get(i + 1) == Some(&'#')
                && c.get(i + 2).is_some_and(|&n| is_ident_char(n))
            {
                i += 2;
            }
            while i < c.len() && is_ident_char(c[i]) {
                i += 1;
            }
        } else if c[i] == ':' && c.get(i + 1) == Some(&':') {
            i += 2;
        } else if c[i] == '\'' && c.get(i + 1).is_some_and(|&n| is_ident_char(n)) {
            // A lifetime or label: one token, so `'a` is never taken for a path.
            i += 1;
            while i < c.len() && is_ident_char(c[i]) {
                i += 1;
            }
        } else {
            i += 1;
        }
        let text: String = c[start..i].iter().collect();
        toks.push(Tok {
            ident: ident && !text.starts_with(|ch: char| ch.is_ascii_digit()),
            text,
            line,
            offset: start,
        });
    }
    toks
}

/// Comments and the insides of string and char literals become spaces; line breaks stay.
pub fn blank_comments_and_literals(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = c.clone();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for ch in out.iter_mut().take(to.min(c.len())).skip(from) {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
    };
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            let end = c[i..]
                .iter()
                .position(|&ch| ch == '\n')
                .map_or(c.len(), |p| i + p);
            blank(&mut out, i, end);
            i = end;
        } else if c[i] == '/' && next == Some('*') {
            let mut depth = 0;
            let mut j = i;
            while j < c.len() {
                if c[j] == '/' && c.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if c[j] == '*' && c.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if let Some((quote, hashes)) = raw_string_start(&c, i) {
            let closing: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let close = (quote + 1..c.len())
                .find(|&j| c[j..].starts_with(&closing))
                .unwrap_or(c.len());
            blank(&mut out, quote + 1, close);
            i = close + closing.len();
        } else if c[i] == '"' {
            let mut j = i + 1;
            while j < c.len() && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            blank(&mut out, i + 1, j);
            i = j + 1;
        } else if c[i] == '\'' && next == Some('\\') {
            let j = (i + 3..c.len()).find(|&j| c[j] == '\'').unwrap_or(c.len());
            blank(&mut out, i + 1, j);
            i = j + 1;
        } else if c[i] == '\'' && c.get(i + 2) == Some(&'\'') {
            blank(&mut out, i + 1, i + 2);
            i += 3;
        } else {
            i += 1;
        }
    }
    out.into_iter().collect()
}

/// `r"…"`, `r#"…"#`, `br"…"`, `cr"…"`: the index of the opening quote and the number of `#`.
fn raw_string_start(c: &[char], i: usize) -> Option<(usize, usize)> {
    if i > 0 && is_ident_char(c[i - 1]) {
        return None;
    }
    let mut k = i;
    if matches!(c.get(k), Some('b' | 'c')) {
        k += 1;
    }
    if c.get(k) != Some(&'r') {
        return None;
    }
    k += 1;
    let hashes = c[k..].iter().take_while(|&&ch| ch == '#').count();
    (c.get(k + hashes) == Some(&'"')).then_some((k + hashes, hashes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_literals_are_blanked_and_lines_kept() {
        let src = "a // crate::x\n/* b /* c */ d */ e\n\"f\\\"g\" r#\"h\"# '\"' 'i' '\\'' j";
        let blanked = blank_comments_and_literals(src);
        assert_eq!(blanked.lines().count(), 3);
        let words: Vec<String> = tokens(&blanked)
            .into_iter()
            .filter(|t| t.ident)
            .map(|t| t.text)
            .collect();
        assert_eq!(words, ["a", "e", "r", "j"]);
    }

    #[test]
    fn lifetimes_and_raw_identifiers_are_single_tokens() {
        let toks = tokens("fn f<'a>(r#type: &'a str) -> crate::X");
        let text: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        assert!(text.contains(&"'a") && text.contains(&"r#type") && text.contains(&"::"));
        assert!(toks.iter().all(|t| t.line == 1));
    }
}
