# API tokens, feeds, air times, time zones and post languages.
api-message = { $text }
token-name-empty = Give the token a name.
token-name-too-long = A token name has at most { $max } characters.
token-name-control = A token name cannot contain control characters.
token-none = You have no such live token.
err-time-zone = Time zone: “{ $value }” is not a time zone name like Europe/Paris.
api-shielded = { $label }. Ask again with reveal=true to read it anyway.
err-air-date = “{ $value }” is not a date like 2024-03-01
err-air-instant = “{ $value }” is not a time like 2024-09-08T21:00:00-04:00 (RFC 3339 with its offset)
err-air-time = “{ $value }” is not a time like 21:00
err-air-zone = “{ $value }” is not a time zone name like America/New_York
err-air-range = “{ $value }” is out of range
err-air-field = { $field }: { $why }
feed-no-show = There is no such show.
feed-no-board = There is no such board.
err-content-lang = Unknown language “{ $code }”: choose one from the list.
lang-label = Language
lang-all = All languages
lang-filter = Filter
lang-detect = Detect automatically
episode-your-time = Your time
