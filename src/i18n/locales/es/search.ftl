# Páginas de búsqueda y ajustes de búsqueda de una serie.
search-search = Buscar
search-in-show = Buscar en { $show }
search-every-show = Buscar en todas las series
search-placeholder = Palabras, "una frase", nombres…
search-filters = Filtros
search-show = Serie
search-all-shows = Todas las series
search-season = Temporada
search-episode = Episodio
search-board = Foro
search-board-example = general
search-author = Autor
search-kind = Tipo
search-kind-any = Todo
search-kind-threads = Hilos
search-kind-posts = Respuestas
search-kind-episodes = Episodios
search-kind-chats = Chat en directo
search-include-spoilers = Incluir spoilers
search-sort = Orden
search-sort-best = Más relevantes
search-sort-newest = Más recientes
search-results = { $count ->
    [one] { $count } resultado
   *[other] { $count } resultados
}
search-took = { $ms } ms
search-hidden = { $count ->
    [one] { $count } resultado oculto por tu protección contra spoilers
   *[other] { $count } resultados ocultos por tu protección contra spoilers
}
search-show-hidden = mostrarlos
search-nothing = No se encontró nada. Revisa la ortografía, usa menos palabras o quita filtros.
search-hit-thread = hilo
search-hit-post = respuesta
search-hit-episode = episodio
search-hit-chat = chat
search-settings = Ajustes de búsqueda
search-settings-for = Ajustes de búsqueda de { $show }
search-settings-saved = Guardado. Las búsquedas usan los nuevos sinónimos de inmediato.
search-synonyms = Sinónimos, un grupo por línea
search-synonyms-example = dany, daenerys targaryen, khaleesi
search-synonyms-hint = Cada palabra o nombre de un grupo encuentra los demás: los apodos de los fans encuentran mensajes con los nombres completos y viceversa.
search-save = Guardar
search-too-long = Las búsquedas están limitadas a { $max } caracteres. Prueba con menos palabras.
search-no-words = Esa consulta no tiene palabras que buscar. Prueba con letras o números.
search-unavailable = La búsqueda no está disponible ahora mismo. Todo lo demás funciona; vuelve a intentarlo en un minuto.
