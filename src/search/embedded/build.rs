//! How a query becomes a tantivy query, for one show's index or for the site-wide one.
//!
//! Synonyms are each show's own. On a show's index its groups widen a word directly. On the
//! site-wide index a show's alternatives are tied to that show: the word matches in every
//! show, and each show's synonyms of it match only in that show, as `(show AND synonym)`.
//! So a site-wide search finds what the show's own search would, and no show's nickname
//! leaks into another show's results.
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

use super::super::query::{typo_budget, ParsedQuery};
use super::super::{SearchQuery, Synonyms};
use super::schema::{analyzer, Fields};

/// Whose synonyms a query expands, and where it runs.
#[derive(Clone, Copy)]
pub enum Scope<'a> {
    /// A show's own index, with that show's synonym groups.
    Show(&'a Synonyms),
    /// The site-wide index, with the groups of every show searched; the documents of the
    /// shows in `exclude` are left out.
    Site {
        synonyms: &'a [(i64, Synonyms)],
        exclude: &'a [i64],
    },
}

/// Words of a text as the index sees them, with one analyzer for the whole query.
struct Words(TextAnalyzer);

impl Words {
    fn of(&mut self, s: &str) -> Vec<String> {
        let mut stream = self.0.token_stream(s);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    /// The other members (as words) of every group that has `word` as a member.
    fn synonyms_of(&mut self, word: &str, groups: &Synonyms) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for group in groups {
            let members: Vec<Vec<String>> = group.iter().map(|m| self.of(m)).collect();
            let is_word = |m: &[String]| m.len() == 1 && m[0] == word;
            if !members.iter().any(|m| is_word(m)) {
                continue;
            }
            out.extend(members.into_iter().filter(|m| !m.is_empty() && !is_word(m)));
        }
        out
    }
}

fn term_query(t: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(t, IndexRecordOption::Basic))
}

impl Fields {
    fn word_query(&self, word: &str, budget: u8, prefix: bool) -> Box<dyn Query> {
        let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in [(self.title, 2.0), (self.body, 1.0)] {
            let term = Term::from_field_text(field, word);
            alts.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                    boost,
                )),
            ));
            if budget > 0 {
                alts.push((
                    Occur::Should,
                    Box::new(FuzzyTermQuery::new(term.clone(), budget, true)),
                ));
            }
            if prefix {
                alts.push((
                    Occur::Should,
                    Box::new(FuzzyTermQuery::new_prefix(term, 0, true)),
                ));
            }
        }
        Box::new(BooleanQuery::new(alts))
    }

    fn phrase_query(&self, words: &[String]) -> Box<dyn Query> {
        if words.len() == 1 {
            return self.word_query(&words[0], 0, false);
        }
        let alts: Vec<(Occur, Box<dyn Query>)> = [self.title, self.body]
            .into_iter()
            .map(|field| {
                let terms = words
                    .iter()
                    .map(|w| Term::from_field_text(field, w))
                    .collect();
                (
                    Occur::Should,
                    Box::new(PhraseQuery::new(terms)) as Box<dyn Query>,
                )
            })
            .collect();
        Box::new(BooleanQuery::new(alts))
    }

    /// Matches documents of `show` only, adding nothing to their score.
    fn in_show(&self, show: i64) -> Box<dyn Query> {
        Box::new(ConstScoreQuery::new(
            term_query(Term::from_field_i64(self.show, show)),
            0.0,
        ))
    }

    /// What `word` may also match through synonyms, in `scope`.
    fn synonym_alts(&self, words: &mut Words, word: &str, scope: Scope) -> Vec<Box<dyn Query>> {
        match scope {
            Scope::Show(groups) => words
                .synonyms_of(word, groups)
                .iter()
                .map(|m| self.phrase_query(m))
                .collect(),
            Scope::Site { synonyms, .. } => synonyms
                .iter()
                .filter_map(|(show, groups)| {
                    let members: Vec<(Occur, Box<dyn Query>)> = words
                        .synonyms_of(word, groups)
                        .iter()
                        .map(|m| (Occur::Should, self.phrase_query(m)))
                        .collect();
                    (!members.is_empty()).then(|| {
                        Box::new(BooleanQuery::new(vec![
                            (Occur::Must, self.in_show(*show)),
                            (Occur::Must, Box::new(BooleanQuery::new(members))),
                        ])) as Box<dyn Query>
                    })
                })
                .collect(),
        }
    }

    /// The text part of a query; synonyms widen each word that has some.
    fn text_query(&self, parsed: &ParsedQuery, scope: Scope) -> Option<Box<dyn Query>> {
        let mut words = Words(analyzer());
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let last = parsed.terms.len().saturating_sub(1);
        for (i, raw) in parsed.terms.iter().enumerate() {
            let analyzed = words.of(raw);
            let Some(word) = analyzed.first() else {
                continue;
            };
            let prefix = parsed.prefix_last && i == last;
            let mut alts: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Should,
                self.word_query(word, typo_budget(word), prefix),
            )];
            alts.extend(
                self.synonym_alts(&mut words, word, scope)
                    .into_iter()
                    .map(|q| (Occur::Should, q)),
            );
            must.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
        }
        for phrase in &parsed.phrases {
            let phrase: Vec<String> = phrase.iter().flat_map(|w| words.of(w)).collect();
            if !phrase.is_empty() {
                must.push((Occur::Must, self.phrase_query(&phrase)));
            }
        }
        (!must.is_empty()).then(|| Box::new(BooleanQuery::new(must)) as Box<dyn Query>)
    }

    fn filter_terms(&self, q: &SearchQuery) -> Vec<(Occur, Box<dyn Query>)> {
        let mut v: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut term = |t: Term| v.push((Occur::Must, term_query(t)));
        if let Some(k) = q.kind {
            term(Term::from_field_text(self.kind, k.as_str()));
        }
        if let Some(s) = q.season {
            term(Term::from_field_i64(self.season, s));
        }
        if let Some(e) = &q.episode {
            term(Term::from_field_text(self.episode, &e.to_lowercase()));
        }
        if let Some(b) = &q.board {
            term(Term::from_field_text(self.board, b));
        }
        if let Some(a) = &q.author {
            term(Term::from_field_text(self.author, &a.to_lowercase()));
        }
        if let Some(l) = &q.lang {
            term(Term::from_field_text(self.lang, l));
        }
        v
    }

    /// The query for one index: its text with the synonyms of `scope`, and the filters.
    /// `None` when the text has no words.
    pub fn build_query(
        &self,
        q: &SearchQuery,
        parsed: &ParsedQuery,
        scope: Scope,
    ) -> Option<Box<dyn Query>> {
        let mut clauses = vec![(Occur::Must, self.text_query(parsed, scope)?)];
        clauses.extend(self.filter_terms(q));
        if let Scope::Site { exclude, .. } = scope {
            clauses.extend(exclude.iter().map(|&show| {
                (
                    Occur::MustNot,
                    term_query(Term::from_field_i64(self.show, show)),
                )
            }));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}
