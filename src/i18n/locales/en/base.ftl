# The frame of every page: header, navigation, footer, language switcher.
site-tagline = a fan community for TV series
nav-search-placeholder = Search discussions
nav-admin = Admin
nav-notifications = Notifications ({ $count })
nav-notifications-label = { $count ->
    [one] Notifications, { $count } unread
   *[other] Notifications, { $count } unread
}
nav-logout = Log out
nav-login = Log in
nav-signup = Sign up
footer-settings = Country and spoiler settings
language-switcher = Language
language-switch = Switch
replies-count = { $count ->
    [one] { $count } reply
   *[other] { $count } replies
}
language-unknown = Unknown language “{ $code }”.
nav-label = Site
