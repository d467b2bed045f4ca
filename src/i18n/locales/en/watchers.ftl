# Ratings and the reaction timeline: what watchers say about an episode.
rating-title = Ratings
rating-count = { $count ->
    [one] { $count } rating
   *[other] { $count } ratings
}
rating-by-region = Average by region
rating-average-col = Average
rating-count-col = Ratings
rating-none = No ratings yet.
rating-your-score = Your rating (1-10)
rating-rate = Rate
rating-change = Change my rating
rating-after-watching = You can rate this episode and see its ratings once you have watched it.
rating-show-average = { $average }/10 ({ $count })
err-rating-not-watched = Mark { $code } watched before rating it: only fans who watched an episode rate it.
err-rating-score = A rating is a whole number from { $min } to { $max }.

# One-tap reactions in live rooms and parties, and the episode's reaction timeline.
live-reaction-shock = Shocked
live-reaction-lol = Laughing
live-reaction-sad = Sad
live-reaction-fire = Fire
live-reaction-love = Love
live-reaction-mindblown = Mind blown
live-reactions-label = React to this moment
live-reacted = Sent: { $reaction }
live-reaction-failed = Reaction not sent: { $reason }
err-live-reaction = “{ $key }” is not one of the reactions (shock, lol, sad, fire, love, mindblown).
chat-err-reactions-too-fast = You can react { $count } times a minute. Please wait a little.
chat-err-reaction-not-saved = Your reaction could not be saved. Please try again.
timeline-title = Reactions during the episode
timeline-none = No reactions from the live room or watch parties yet.
timeline-desc = Reactions per minute of the episode, one row per region: { $count } in all, at most { $peak } in one minute of one region.
timeline-bar = Minute { $minute }: { $count } ×
timeline-as-table = The reactions as a table
timeline-minute = Minute
timeline-total = Total
