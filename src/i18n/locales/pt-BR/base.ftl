site-tagline = uma comunidade de fãs de séries de TV
nav-search-placeholder = Buscar discussões
nav-admin = Administração
nav-notifications = Notificações ({ $count })
nav-notifications-label = { $count ->
    [one] Notificações, { $count } não lida
   *[other] Notificações, { $count } não lidas
}
nav-logout = Sair
nav-login = Entrar
nav-signup = Cadastrar-se
footer-settings = País e proteção contra spoilers
language-switcher = Idioma
language-switch = Trocar
replies-count = { $count ->
    [one] { $count } resposta
   *[other] { $count } respostas
}
language-unknown = Idioma desconhecido “{ $code }”.
nav-label = Site
