# Valoraciones y cronología de reacciones: lo que dicen quienes vieron el episodio.
rating-title = Valoraciones
rating-count = { $count ->
    [one] { $count } valoración
   *[other] { $count } valoraciones
}
rating-by-region = Media por región
rating-average-col = Media
rating-count-col = Valoraciones
rating-none = Todavía no hay valoraciones.
rating-your-score = Tu valoración (1-10)
rating-rate = Valorar
rating-change = Cambiar mi valoración
rating-after-watching = Podrás valorar este episodio y ver sus valoraciones cuando lo hayas visto.
rating-show-average = { $average }/10 ({ $count })
err-rating-not-watched = Marca { $code } como visto antes de valorarlo: solo valoran un episodio quienes lo han visto.
err-rating-score = Una valoración es un número entero de { $min } a { $max }.

# Reacciones de un toque en las salas en directo y las fiestas, y su cronología.
live-reaction-shock = Impactado
live-reaction-lol = Risa
live-reaction-sad = Triste
live-reaction-fire = Fuego
live-reaction-love = Amor
live-reaction-mindblown = Alucinado
live-reactions-label = Reacciona a este momento
live-reacted = Enviada: { $reaction }
live-reaction-failed = Reacción no enviada: { $reason }
err-live-reaction = «{ $key }» no es una de las reacciones (shock, lol, sad, fire, love, mindblown).
chat-err-reactions-too-fast = Puedes reaccionar { $count } veces por minuto. Espera un poco.
chat-err-reaction-not-saved = No se pudo guardar tu reacción. Inténtalo de nuevo.
timeline-title = Reacciones durante el episodio
timeline-none = Todavía no hay reacciones de la sala en directo ni de las fiestas.
timeline-desc = Reacciones por minuto del episodio, una fila por región: { $count } en total, como mucho { $peak } en un minuto de una región.
timeline-bar = Minuto { $minute }: { $count } ×
timeline-as-table = Las reacciones en una tabla
timeline-minute = Minuto
timeline-total = Total
