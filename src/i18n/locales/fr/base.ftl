site-tagline = une communauté de fans de séries TV
nav-search-placeholder = Rechercher des discussions
nav-admin = Administration
nav-notifications = Notifications ({ $count })
nav-notifications-label = { $count ->
    [one] Notifications, { $count } non lue
   *[other] Notifications, { $count } non lues
}
nav-logout = Se déconnecter
nav-login = Se connecter
nav-signup = S’inscrire
footer-settings = Pays et protection anti-spoilers
language-switcher = Langue
language-switch = Changer
replies-count = { $count ->
    [one] { $count } réponse
   *[other] { $count } réponses
}
language-unknown = Langue inconnue « { $code } ».
nav-label = Site
