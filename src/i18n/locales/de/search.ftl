# Suchseiten und die Sucheinstellungen einer Serie.
search-search = Suchen
search-in-show = { $show } durchsuchen
search-every-show = Alle Serien durchsuchen
search-placeholder = Wörter, „eine Wendung“, Namen…
search-filters = Filter
search-show = Serie
search-all-shows = Alle Serien
search-season = Staffel
search-episode = Folge
search-board = Forum
search-board-example = general
search-author = Autor
search-kind = Art
search-kind-any = Alles
search-kind-threads = Themen
search-kind-posts = Antworten
search-kind-episodes = Folgen
search-kind-chats = Live-Chat
search-include-spoilers = Spoiler einschließen
search-sort = Sortierung
search-sort-best = Beste Treffer
search-sort-newest = Neueste
search-results = { $count ->
    [one] { $count } Treffer
   *[other] { $count } Treffer
}
search-took = { $ms } ms
search-hidden = { $count ->
    [one] { $count } Treffer vom Spoilerschutz verborgen
   *[other] { $count } Treffer vom Spoilerschutz verborgen
}
search-show-hidden = anzeigen
search-nothing = Nichts gefunden. Prüfe die Schreibweise, nimm weniger Wörter oder entferne Filter.
search-hit-thread = Thema
search-hit-post = Antwort
search-hit-episode = Folge
search-hit-chat = Chat
search-settings = Sucheinstellungen
search-settings-for = Sucheinstellungen für { $show }
search-settings-saved = Gespeichert. Die Suche nutzt die neuen Synonyme sofort.
search-synonyms = Synonyme, eine Gruppe pro Zeile
search-synonyms-example = dany, daenerys targaryen, khaleesi
search-synonyms-hint = Jedes Wort und jeder Name einer Gruppe findet die anderen: Spitznamen der Fans finden Beiträge mit vollen Namen und umgekehrt.
search-save = Speichern
search-too-long = Suchanfragen sind auf { $max } Zeichen begrenzt. Versuche es mit weniger Wörtern.
search-no-words = In dieser Anfrage gibt es keine Wörter zum Suchen. Versuche es mit Buchstaben oder Ziffern.
search-unavailable = Die Suche ist gerade nicht verfügbar. Alles andere funktioniert; bitte versuche es in einer Minute erneut.
