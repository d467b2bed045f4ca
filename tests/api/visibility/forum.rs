//! Forum pages: thread pages, every thread list, the episode excerpts, quoting.
use super::fixture::{
    self, BANNED_POST, DELETED, EP1_HELD, EP1_NORMAL, EP1_REMOVED, EP2_FIRST_POST, EP2_REPLY, HELD,
    H_BODY, H_TITLE, NORMAL, REMOVED, S_BODY, S_TITLE, T_TITLE,
};
use super::Scope::{Page, ReplyBox};
use super::{
    run_routes, Check, Failures, Route, Status, AUTHOR_AND_MODS, EVERYONE, MODS, NOBODY,
    NOT_NON_MODS, NOT_OUTSIDERS, SIGNED_IN,
};
use crate::helpers::TestApp;

crate::on_both_backends!(forum_pages_follow_the_gate);

/// What thread T shows on any of its pages.
const THREAD_T: &[Check] = &[
    Check(Page, T_TITLE, EVERYONE),
    Check(Page, NORMAL, EVERYONE),
    Check(Page, REMOVED, MODS),
    // Moderators see it marked with the reason, everyone else a notice in its place.
    Check(Page, "removed by a moderator: {removed_reason}", EVERYONE),
    Check(Page, HELD, AUTHOR_AND_MODS),
    Check(Page, "held for review", AUTHOR_AND_MODS),
    Check(Page, DELETED, NOBODY),
    Check(Page, ">deleted<", EVERYONE),
    // A ban does not erase forum history.
    Check(Page, BANNED_POST, EVERYONE),
];

/// Any list of the show's threads: T by title, H nowhere for outsiders, S under a label.
const SHOW_LIST: &[Check] = &[
    Check(Page, T_TITLE, EVERYONE),
    Check(Page, H_TITLE, NOT_OUTSIDERS),
    Check(Page, S_TITLE, NOBODY),
    Check(Page, "/threads/{S}?reveal=1", EVERYONE),
    Check(Page, "hidden until", EVERYONE),
];

const QUOTE_NORMAL: &[Check] = &[Check(ReplyBox, NORMAL, SIGNED_IN)];
const QUOTE_REMOVED: &[Check] = &[Check(ReplyBox, REMOVED, NOBODY)];
const QUOTE_HELD: &[Check] = &[Check(ReplyBox, HELD, NOBODY)];
const QUOTE_DELETED: &[Check] = &[Check(ReplyBox, DELETED, NOBODY)];

/// One line per route; a new read path is one more line.
const ROUTES: &[Route] = &[
    Route {
        path: "/threads/{T}",
        status: Status::Ok,
        checks: THREAD_T,
    },
    Route {
        path: "/threads/{T}?page=1",
        status: Status::Ok,
        checks: THREAD_T,
    },
    Route {
        path: "/threads/{H}",
        status: Status::OkOnlyFor(AUTHOR_AND_MODS),
        checks: &[
            Check(Page, H_TITLE, AUTHOR_AND_MODS),
            Check(Page, H_BODY, AUTHOR_AND_MODS),
            Check(Page, "held for moderator review", AUTHOR_AND_MODS),
        ],
    },
    Route {
        path: "/threads/{S}",
        status: Status::Ok,
        checks: &[
            Check(Page, "show anyway", EVERYONE),
            Check(Page, "/threads/{S}?reveal=1", EVERYONE),
            Check(Page, S_TITLE, NOBODY),
            Check(Page, S_BODY, NOBODY),
        ],
    },
    Route {
        path: "/threads/{S}?reveal=1",
        status: Status::Ok,
        checks: &[
            Check(Page, S_TITLE, EVERYONE),
            Check(Page, S_BODY, EVERYONE),
        ],
    },
    Route {
        path: "/shows/{show}/forum",
        status: Status::Ok,
        checks: SHOW_LIST,
    },
    Route {
        path: "/shows/{show}/forum/general",
        status: Status::Ok,
        checks: SHOW_LIST,
    },
    Route {
        path: "/",
        status: Status::Ok,
        checks: SHOW_LIST,
    },
    Route {
        path: "/shows/{show}",
        status: Status::Ok,
        checks: SHOW_LIST,
    },
    Route {
        path: "/shows/{show}/episodes/s01e01",
        status: Status::Ok,
        checks: &[
            Check(Page, EP1_NORMAL, EVERYONE),
            Check(Page, EP1_REMOVED, NOT_NON_MODS),
            Check(Page, EP1_HELD, NOT_OUTSIDERS),
            Check(Page, H_TITLE, NOT_OUTSIDERS),
        ],
    },
    Route {
        path: "/shows/{show}/episodes/s01e02",
        status: Status::Ok,
        checks: &[
            Check(Page, EP2_FIRST_POST, NOBODY),
            Check(Page, EP2_REPLY, NOBODY),
            Check(Page, S_TITLE, NOBODY),
            Check(Page, S_BODY, NOBODY),
            Check(Page, "/threads/{S}?reveal=1", EVERYONE),
            Check(Page, H_TITLE, NOT_OUTSIDERS),
        ],
    },
    Route {
        path: "/threads/{T}?quote={normal}",
        status: Status::Ok,
        checks: QUOTE_NORMAL,
    },
    Route {
        path: "/threads/{T}?quote={removed}",
        status: Status::Ok,
        checks: QUOTE_REMOVED,
    },
    Route {
        path: "/threads/{T}?quote={held}",
        status: Status::Ok,
        checks: QUOTE_HELD,
    },
    Route {
        path: "/threads/{T}?quote={deleted}",
        status: Status::Ok,
        checks: QUOTE_DELETED,
    },
];

async fn forum_pages_follow_the_gate(app: TestApp) {
    let w = fixture::build(app).await;
    let mut f = Failures::default();
    run_routes(&w, ROUTES, &mut f).await;
    f.finish("forum pages");
}
