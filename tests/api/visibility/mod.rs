//! The visibility contract as a matrix: viewers × routes × content states. Every read path
//! must agree on what each viewer sees of removed, held and deleted content, the spoiler
//! shield and banned users' chat. Checks are collected rather than asserted one by one, so a
//! failing run lists every leak at once.
mod chat;
mod fixture;
mod forum;
mod held_edit;
mod search;
mod socket;

use fixture::World;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Anon,
    Author,
    Other,
    ShowMod,
    OtherMod,
    Admin,
}

pub const EVERYONE: Rule = Rule::Seen(&[
    Who::Anon,
    Who::Author,
    Who::Other,
    Who::ShowMod,
    Who::OtherMod,
    Who::Admin,
]);
pub const NOBODY: Rule = Rule::Seen(&[]);
pub const SIGNED_IN: Rule = Rule::Seen(&[
    Who::Author,
    Who::Other,
    Who::ShowMod,
    Who::OtherMod,
    Who::Admin,
]);
/// This show's moderator and the admin.
pub const MODS: Rule = Rule::Seen(&[Who::ShowMod, Who::Admin]);
/// The author of held content, this show's moderator and the admin.
pub const AUTHOR_AND_MODS: Rule = Rule::Seen(&[Who::Author, Who::ShowMod, Who::Admin]);
/// Held content: those outside its audience must not see it; whether it shows up for its
/// audience on this route is not part of the contract.
pub const NOT_OUTSIDERS: Rule = Rule::Unseen(&[Who::Anon, Who::Other, Who::OtherMod]);
/// Removed content where its audience's view is not specified (excerpts).
pub const NOT_NON_MODS: Rule = Rule::Unseen(&[Who::Anon, Who::Author, Who::Other, Who::OtherMod]);

/// Who must see a marker.
#[derive(Clone, Copy, Debug)]
pub enum Rule {
    /// Exactly these viewers see it; everyone else must not.
    Seen(&'static [Who]),
    /// These viewers must not see it; the others are not checked.
    Unseen(&'static [Who]),
}

impl Rule {
    /// Some(true): must be there; Some(false): must not; None: not checked.
    fn expects(self, who: Who) -> Option<bool> {
        match self {
            Rule::Seen(list) => Some(list.contains(&who)),
            Rule::Unseen(list) => list.contains(&who).then_some(false),
        }
    }

    fn covers(self, who: Who) -> bool {
        self.expects(who) == Some(true)
    }
}

/// Which part of a response a marker is looked for in.
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    /// The whole body.
    Page,
    /// The reply textarea of a thread page (where `?quote=` puts the quoted source).
    ReplyBox,
    /// The result list of a search page (the query itself is echoed in the form).
    Hits,
}

impl Scope {
    fn part(self, body: &str) -> Option<&str> {
        match self {
            Scope::Page => Some(body),
            Scope::ReplyBox => {
                let start = body.find("<textarea name=\"body\"")?;
                let open = start + body[start..].find('>')? + 1;
                let close = open + body[open..].find("</textarea>")?;
                Some(&body[open..close])
            }
            Scope::Hits => {
                let start = body.find("class=\"search-hits\"")?;
                let end = start + body[start..].find("</ol>")?;
                Some(&body[start..end])
            }
        }
    }

    fn name(self) -> &'static str {
        match self {
            Scope::Page => "page",
            Scope::ReplyBox => "reply box",
            Scope::Hits => "search hits",
        }
    }
}

/// One marker on one route. `marker` may hold placeholders (see `World::fill`).
pub struct Check(pub Scope, pub &'static str, pub Rule);

/// The HTTP status each viewer must get.
#[derive(Clone, Copy)]
pub enum Status {
    Ok,
    /// 200 for these viewers, 404 for everyone else.
    OkOnlyFor(Rule),
}

/// One line of a route table.
pub struct Route {
    pub path: &'static str,
    pub status: Status,
    pub checks: &'static [Check],
}

/// Failed expectations, reported together at the end of a test.
#[derive(Default)]
pub struct Failures(Vec<String>);

impl Failures {
    pub fn push(&mut self, what: String) {
        self.0.push(what);
    }

    pub fn expect(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.0.push(what());
        }
    }

    /// Checks every marker of `checks` in `body` as `who` would see it.
    pub fn markers(&mut self, w: &World, route: &str, who: Who, body: &str, checks: &[Check]) {
        for Check(scope, marker, rule) in checks {
            let Some(must) = rule.expects(who) else {
                continue;
            };
            let marker = w.fill(marker).to_lowercase();
            let found = scope
                .part(body)
                .is_some_and(|part| part.to_lowercase().contains(&marker));
            if found != must {
                let verdict = if must { "MISSING" } else { "LEAKED" };
                self.0.push(format!(
                    "{route} as {who:?}: {verdict} {marker:?} in the {}",
                    scope.name()
                ));
            }
        }
    }

    /// Panics with every failure, one per line.
    pub fn finish(self, test: &str) {
        assert!(
            self.0.is_empty(),
            "{test}: {} visibility expectations failed:\n{}",
            self.0.len(),
            self.0.join("\n")
        );
    }
}

/// GETs every route of `table` as every viewer and checks status and markers.
pub async fn run_routes(w: &World, table: &[Route], f: &mut Failures) {
    for route in table {
        let path = w.fill(route.path);
        // The template names the content (`{removed}`), the filled path the request.
        let label = format!("{} ({path})", route.path);
        for (who, browser) in &w.viewers {
            let r = browser.get(&path).await;
            let want = match route.status {
                Status::Ok => 200,
                Status::OkOnlyFor(rule) if rule.covers(*who) => 200,
                Status::OkOnlyFor(_) => 404,
            };
            f.expect(r.status == want, || {
                format!("{label} as {who:?}: status {} instead of {want}", r.status)
            });
            f.markers(w, &label, *who, &r.body, route.checks);
        }
    }
}
