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

# Reações de um toque nas salas ao vivo e nas sessões, e a linha do tempo do episódio.
live-reaction-shock = Chocado
live-reaction-lol = Rindo
live-reaction-sad = Triste
live-reaction-fire = Fogo
live-reaction-love = Amor
live-reaction-mindblown = De cair o queixo
live-reactions-label = Reaja a este momento
live-reacted = Enviada: { $reaction }
live-reaction-failed = Reação não enviada: { $reason }
err-live-reaction = “{ $key }” não é uma das reações (shock, lol, sad, fire, love, mindblown).
chat-err-reactions-too-fast = Você pode reagir { $count } vezes por minuto. Espere um pouco.
chat-err-reaction-not-saved = Não foi possível salvar sua reação. Tente de novo.
timeline-title = Reações durante o episódio
timeline-none = Ainda não há reações da sala ao vivo nem das sessões.
timeline-desc = Reações por minuto do episódio, uma linha por região: { $count } no total, no máximo { $peak } em um minuto de uma região.
timeline-bar = Minuto { $minute }: { $count } ×
timeline-as-table = As reações em uma tabela
timeline-minute = Minuto
timeline-total = Total
