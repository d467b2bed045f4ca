site-tagline = una comunidad de fans de series de TV
nav-search-placeholder = Buscar conversaciones
nav-admin = Administración
nav-notifications = Notificaciones ({ $count })
nav-notifications-label = { $count ->
    [one] Notificaciones, { $count } sin leer
   *[other] Notificaciones, { $count } sin leer
}
nav-logout = Cerrar sesión
nav-login = Iniciar sesión
nav-signup = Registrarse
footer-settings = País y protección contra spoilers
language-switcher = Idioma
language-switch = Cambiar
replies-count = { $count ->
    [one] { $count } respuesta
   *[other] { $count } respuestas
}
language-unknown = Idioma desconocido «{ $code }».
nav-label = Sitio
