# API tokens, feeds, air times, time zones and post languages.
api-message = { $text }
token-name-empty = Ponle un nombre al token.
token-name-too-long = Un nombre de token tiene como máximo { $max } caracteres.
token-name-control = Un nombre de token no puede contener caracteres de control.
token-none = No tienes ningún token activo así.
err-time-zone = Zona horaria: «{ $value }» no es un nombre de zona como Europe/Paris.
api-shielded = { $label }. Vuelve a pedirlo con reveal=true para leerlo igualmente.
err-air-date = «{ $value }» no es una fecha como 2024-03-01
err-air-instant = «{ $value }» no es una hora como 2024-09-08T21:00:00-04:00 (RFC 3339 con su desfase)
err-air-time = «{ $value }» no es una hora como 21:00
err-air-zone = «{ $value }» no es un nombre de zona horaria como America/New_York
err-air-range = «{ $value }» está fuera de rango
err-air-field = { $field }: { $why }
feed-no-show = Esa serie no existe.
feed-no-board = Ese foro no existe.
err-content-lang = Idioma desconocido «{ $code }»: elige uno de la lista.
lang-label = Idioma
lang-all = Todos los idiomas
lang-filter = Filtrar
lang-detect = Detectar automáticamente
episode-your-time = Tu hora
