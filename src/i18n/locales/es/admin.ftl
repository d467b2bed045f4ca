# Páginas de administración: la lista de series, añadir una serie, editar una serie, sus episodios y foros.
admin-add-show-heading = Añadir una serie
admin-slug = Identificador
admin-synopsis = Sinopsis
admin-add-show = Añadir serie
admin-edit-show = Editar { $show }
admin-show-heading = Serie
admin-spoiler-delay = Retraso antispoilers (días tras la primera emisión a partir de los cuales un episodio cuenta como emitido en los países sin fecha propia; vacío = nunca)
admin-save-show = Guardar serie
admin-episode-heading = Añadir o actualizar un episodio
admin-code = Código
admin-code-example = s01e05
admin-runtime = Duración (minutos)
admin-air-dates = Fechas de emisión, una por línea
admin-region-example = ES
admin-save-episode = Guardar episodio
admin-edit-episode = editar
admin-name = Nombre
admin-description = Descripción
admin-add-board = Añadir foro
