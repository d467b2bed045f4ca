//! `@name` in text: the rule posts and chat share for what counts as a mention.

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Byte ranges of the `@name` mentions in `text`, the `@` included, in order. A name is 3
/// to 32 username characters; an `@` right after a letter or digit (an email address) or a
/// run longer than a username is not a mention.
pub fn mention_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let after_word = prev.is_some_and(|p| is_name_char(p) || p == '@' || p == '/');
        prev = Some(c);
        if c != '@' || after_word {
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while let Some(&(j, d)) = iter.peek() {
            if !is_name_char(d) {
                break;
            }
            end = j + d.len_utf8();
            prev = Some(d);
            iter.next();
        }
        if (3..=32).contains(&(end - start)) {
            out.push((i, end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::mention_spans;

    fn names(t: &str) -> Vec<&str> {
        mention_spans(t)
            .into_iter()
            .map(|(a, b)| &t[a..b])
            .collect()
    }

    #[test]
    fn finds_mentions_not_emails() {
        assert_eq!(names("hi @ann and @bob_2, ok?"), vec!["@ann", "@bob_2"]);
        assert_eq!(names("mail ann@example.com"), Vec::<&str>::new());
        assert_eq!(names("@ab too short, @é"), Vec::<&str>::new());
        assert_eq!(names(&format!("@{}", "x".repeat(33))), Vec::<&str>::new());
        assert_eq!(names("(@carol)"), vec!["@carol"]);
        assert_eq!(names("@@dave"), Vec::<&str>::new());
    }
}
