# Páginas de busca e configurações de busca de uma série.
search-search = Buscar
search-in-show = Buscar em { $show }
search-every-show = Buscar em todas as séries
search-placeholder = Palavras, "uma frase", nomes…
search-filters = Filtros
search-show = Série
search-all-shows = Todas as séries
search-season = Temporada
search-episode = Episódio
search-board = Fórum
search-board-example = general
search-author = Autor
search-kind = Tipo
search-kind-any = Tudo
search-kind-threads = Tópicos
search-kind-posts = Respostas
search-kind-episodes = Episódios
search-kind-chats = Chat ao vivo
search-include-spoilers = Incluir spoilers
search-sort = Ordem
search-sort-best = Mais relevantes
search-sort-newest = Mais recentes
search-results = { $count ->
    [one] { $count } resultado
   *[other] { $count } resultados
}
search-took = { $ms } ms
search-hidden = { $count ->
    [one] { $count } resultado escondido pela sua proteção contra spoilers
   *[other] { $count } resultados escondidos pela sua proteção contra spoilers
}
search-show-hidden = mostrá-los
search-nothing = Nada encontrado. Confira a ortografia, use menos palavras ou remova filtros.
search-hit-thread = tópico
search-hit-post = resposta
search-hit-episode = episódio
search-hit-chat = chat
search-settings = Configurações de busca
search-settings-for = Configurações de busca de { $show }
search-settings-saved = Salvo. As buscas usam os novos sinônimos na hora.
search-synonyms = Sinônimos, um grupo por linha
search-synonyms-example = dany, daenerys targaryen, khaleesi
search-synonyms-hint = Cada palavra ou nome de um grupo encontra os outros: os apelidos dos fãs encontram mensagens com os nomes completos e vice-versa.
search-save = Salvar
search-too-long = As buscas são limitadas a { $max } caracteres. Tente menos palavras.
search-no-words = Essa busca não tem palavras para procurar. Tente letras ou números.
search-unavailable = A busca está indisponível no momento. Todo o resto funciona; tente de novo em um minuto.
