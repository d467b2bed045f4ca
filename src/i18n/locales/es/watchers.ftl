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
