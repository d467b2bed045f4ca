# Perfiles de los miembros.
profile-joined = Miembro desde el { $date }
profile-site-admin = Administrador del sitio
profile-moderates = Modera
profile-progress = Progreso
profile-watched = { $count ->
    [one] { $watched } de { $count } episodio visto
   *[other] { $watched } de { $count } episodios vistos
}
profile-threads = Hilos
profile-no-threads = Todavía no hay hilos.
profile-thread-in = en
profile-replies = Respuestas
profile-no-replies = No hay respuestas.
profile-no-replies-page = No hay respuestas en esta página.
profile-reply-to = Re: { $title }
profile-more = Más
