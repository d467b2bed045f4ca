# API tokens, feeds, air times, time zones and post languages.
api-message = { $text }
token-name-empty = Dê um nome ao token.
token-name-too-long = Um nome de token tem no máximo { $max } caracteres.
token-name-control = Um nome de token não pode conter caracteres de controle.
token-none = Você não tem nenhum token ativo assim.
err-time-zone = Fuso horário: “{ $value }” não é um nome de fuso como Europe/Paris.
api-shielded = { $label }. Peça de novo com reveal=true para ler mesmo assim.
err-air-date = “{ $value }” não é uma data como 2024-03-01
err-air-instant = “{ $value }” não é um horário como 2024-09-08T21:00:00-04:00 (RFC 3339 com seu deslocamento)
err-air-time = “{ $value }” não é um horário como 21:00
err-air-zone = “{ $value }” não é um nome de fuso horário como America/New_York
err-air-range = “{ $value }” está fora do intervalo
err-air-field = { $field }: { $why }
feed-no-show = Essa série não existe.
feed-no-board = Esse fórum não existe.
err-content-lang = Idioma desconhecido “{ $code }”: escolha um da lista.
lang-label = Idioma
lang-all = Todos os idiomas
lang-filter = Filtrar
lang-detect = Detectar automaticamente
episode-your-time = Seu horário
