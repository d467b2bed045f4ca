# Pages de recherche et réglages de recherche d’une série.
search-search = Rechercher
search-in-show = Rechercher dans { $show }
search-every-show = Rechercher dans toutes les séries
search-placeholder = Mots, "une expression", noms…
search-filters = Filtres
search-show = Série
search-all-shows = Toutes les séries
search-season = Saison
search-episode = Épisode
search-board = Forum
search-board-example = general
search-author = Auteur
search-kind = Type
search-kind-any = Tout
search-kind-threads = Discussions
search-kind-posts = Réponses
search-kind-episodes = Épisodes
search-kind-chats = Chat en direct
search-include-spoilers = Inclure les spoilers
search-sort = Tri
search-sort-best = Pertinence
search-sort-newest = Plus récents
search-results = { $count ->
    [one] { $count } résultat
   *[other] { $count } résultats
}
search-took = { $ms } ms
search-hidden = { $count ->
    [one] { $count } résultat masqué par votre protection anti-spoilers
   *[other] { $count } résultats masqués par votre protection anti-spoilers
}
search-show-hidden = les afficher
search-nothing = Rien trouvé. Vérifiez l’orthographe, utilisez moins de mots ou retirez des filtres.
search-hit-thread = discussion
search-hit-post = réponse
search-hit-episode = épisode
search-hit-chat = chat
search-settings = Réglages de recherche
search-settings-for = Réglages de recherche pour { $show }
search-settings-saved = Enregistré. Les recherches utilisent aussitôt les nouveaux synonymes.
search-synonyms = Synonymes, un groupe par ligne
search-synonyms-example = dany, daenerys targaryen, khaleesi
search-synonyms-hint = Chaque mot ou nom d’un groupe trouve les autres : les surnoms des fans trouvent les messages avec les noms complets, et inversement.
search-save = Enregistrer
search-too-long = Les recherches sont limitées à { $max } caractères. Essayez avec moins de mots.
search-no-words = Cette requête ne contient aucun mot à rechercher. Essayez avec des lettres ou des chiffres.
search-unavailable = La recherche est indisponible pour le moment. Tout le reste fonctionne ; réessayez dans une minute.
