# Search pages and a show's search settings.
search-search = Search
search-in-show = Search { $show }
search-every-show = Search every show
search-placeholder = Words, "a phrase", names…
search-filters = Filters
search-show = Show
search-all-shows = All shows
search-season = Season
search-episode = Episode
search-board = Board
search-board-example = general
search-author = Author
search-kind = Kind
search-kind-any = Everything
search-kind-threads = Threads
search-kind-posts = Replies
search-kind-episodes = Episodes
search-kind-chats = Live chat
search-include-spoilers = Include spoilers
search-sort = Sort
search-sort-best = Best match
search-sort-newest = Newest
search-results = { $count ->
    [one] { $count } result
   *[other] { $count } results
}
search-took = { $ms } ms
search-hidden = { $count ->
    [one] { $count } result hidden by your spoiler shield
   *[other] { $count } results hidden by your spoiler shield
}
search-show-hidden = show them
search-nothing = Nothing found. Check the spelling, use fewer words, or remove filters.
search-hit-thread = thread
search-hit-post = post
search-hit-episode = episode
search-hit-chat = chat
search-settings = Search settings
search-settings-for = Search settings for { $show }
search-settings-saved = Saved. Searches use the new synonyms right away.
search-synonyms = Synonyms, one group per line
search-synonyms-example = dany, daenerys targaryen, khaleesi
search-synonyms-hint = Every word or name in a group finds the others: fans' nicknames find posts with full names and the other way round.
search-save = Save
search-too-long = Searches are limited to { $max } characters. Try fewer words.
search-no-words = There are no words to search for in that query. Try letters or numbers.
search-unavailable = Search is unavailable right now. Everything else works; please try again in a minute.
