# Avaliações e linha do tempo de reações: o que dizem os fãs que viram o episódio.
rating-title = Avaliações
rating-count = { $count ->
    [one] { $count } avaliação
   *[other] { $count } avaliações
}
rating-by-region = Média por região
rating-average-col = Média
rating-count-col = Avaliações
rating-none = Ainda não há avaliações.
rating-your-score = Sua avaliação (1-10)
rating-rate = Avaliar
rating-change = Mudar minha avaliação
rating-after-watching = Você poderá avaliar este episódio e ver as avaliações depois de assisti-lo.
rating-show-average = { $average }/10 ({ $count })
err-rating-not-watched = Marque { $code } como assistido antes de avaliá-lo: só avalia um episódio quem o assistiu.
err-rating-score = Uma avaliação é um número inteiro de { $min } a { $max }.
