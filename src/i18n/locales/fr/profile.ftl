# Profils des membres.
profile-joined = Membre depuis le { $date }
profile-site-admin = Administrateur du site
profile-moderates = Modère
profile-progress = Progression
profile-watched = { $watched ->
    [one] { $watched } épisode vu sur { $count }
   *[other] { $watched } épisodes vus sur { $count }
}
profile-threads = Discussions
profile-no-threads = Pas encore de discussions.
profile-thread-in = dans
profile-replies = Réponses
profile-no-replies = Pas de réponses.
profile-no-replies-page = Pas de réponses sur cette page.
profile-reply-to = Re : { $title }
profile-more = Plus
