site-tagline = eine Fan-Community für TV-Serien
nav-search-placeholder = Diskussionen durchsuchen
nav-admin = Verwaltung
nav-notifications = Benachrichtigungen ({ $count })
nav-notifications-label = { $count ->
    [one] Benachrichtigungen, { $count } ungelesen
   *[other] Benachrichtigungen, { $count } ungelesen
}
nav-logout = Abmelden
nav-login = Anmelden
nav-signup = Registrieren
footer-settings = Land- und Spoiler-Einstellungen
language-switcher = Sprache
language-switch = Wechseln
replies-count = { $count ->
    [one] { $count } Antwort
   *[other] { $count } Antworten
}
language-unknown = Unbekannte Sprache „{ $code }“.
nav-label = Website
