//! Threads as a viewer may see them: whole, behind the spoiler shield, as a removal notice,
//! or not at all.
use super::gate::Gate;
use super::predictions::prediction_episode;
use crate::db::forum::ThreadSummary;

pub enum ThreadAccess {
    /// Held for review and the viewer is neither its author nor a moderator: it does not
    /// exist for them.
    Missing,
    /// Behind the spoiler shield: only the neutral label may be shown.
    Shielded { label: String },
    /// A sealed prediction: only the label, and no "show anyway".
    Sealed { label: String },
    /// Removed, for a viewer who does not moderate the show: the notice, nothing else.
    Removed {
        thread: ThreadSummary,
        notice: String,
    },
    Open {
        thread: ThreadSummary,
        /// The viewer moderates the show: sees removed and held posts, and the tools.
        moderator: bool,
    },
}

impl Gate {
    /// One thread opened on its own page. `reveal` is the viewer's "show anyway".
    pub fn thread(&self, mut thread: ThreadSummary, reveal: bool) -> ThreadAccess {
        if thread.held && !self.may_see_held(thread.show_id, thread.author_id) {
            return ThreadAccess::Missing;
        }
        // A seal is not the shield: "show anyway" does not open it.
        if let Some(label) = self.seal_of(&thread) {
            return ThreadAccess::Sealed { label };
        }
        if !reveal {
            self.label_shielded(std::slice::from_mut(&mut thread));
            if let Some(label) = thread.shield.take() {
                return ThreadAccess::Shielded { label };
            }
        }
        self.open(thread)
    }

    fn open(&self, thread: ThreadSummary) -> ThreadAccess {
        let moderator = self.moderates(thread.show_id);
        match thread.removed_reason.clone() {
            Some(notice) if !moderator => ThreadAccess::Removed {
                thread: redact(thread),
                notice,
            },
            _ => ThreadAccess::Open { thread, moderator },
        }
    }

    /// A list of threads (forum, board, home, show and episode pages): held threads of
    /// others dropped (lists are also filtered in SQL with `held_scope`), titles of removed
    /// threads blanked for non-moderators, shielded threads and sealed predictions labelled.
    pub fn thread_list(&self, mut threads: Vec<ThreadSummary>) -> Vec<ThreadSummary> {
        threads.retain(|t| !t.held || self.may_see_held(t.show_id, t.author_id));
        let mut threads: Vec<ThreadSummary> = threads
            .into_iter()
            .map(|t| {
                if t.removed_reason.is_some() && !self.moderates(t.show_id) {
                    redact(t)
                } else {
                    t
                }
            })
            .collect();
        self.label_shielded(&mut threads);
        threads
    }

    /// Puts the shield's label on every thread this viewer must not see yet, from the air
    /// data each thread was read with.
    fn label_shielded(&self, threads: &mut [ThreadSummary]) {
        for t in threads.iter_mut() {
            if let Some(label) = self.seal_of(t) {
                seal(t, label);
                continue;
            }
            let hidden = self
                .shield
                .hidden_among(t.air.iter().map(|(id, air)| (*id, &**air)));
            // A prediction's own episode is the seal's to judge (and it has opened for this
            // viewer); only a "spoils up to" episode is still the shield's.
            let tag = t.episode_id.filter(|_| prediction_episode(t).is_none());
            // The later episode names the label ("spoils up to" wins over the tag).
            let hit = [t.spoils_up_to, tag]
                .into_iter()
                .flatten()
                .find_map(|e| hidden.get(&e));
            if let Some(code) = hit {
                let what = if t.episode_id.is_some() && t.spoils_up_to.is_none() {
                    "discussion"
                } else {
                    "spoilers"
                };
                t.shield = Some(self.shield_label(code, what));
            }
        }
    }
}

/// A sealed prediction in a list: the label, and no title a template could print by mistake.
fn seal(t: &mut ThreadSummary, label: String) {
    t.title.clear();
    t.title_src.clear();
    t.shield = Some(label);
    t.sealed = true;
}

/// A removed thread as non-moderators get it: no title a template could print by mistake.
fn redact(mut t: ThreadSummary) -> ThreadSummary {
    t.title.clear();
    t.title_src.clear();
    t
}
