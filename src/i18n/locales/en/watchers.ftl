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
