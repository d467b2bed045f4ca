# API tokens, feeds, air times, time zones and post languages.
api-message = { $text }
token-name-empty = Donnez un nom au jeton.
token-name-too-long = Un nom de jeton compte au plus { $max } caractères.
token-name-control = Un nom de jeton ne peut pas contenir de caractères de contrôle.
token-none = Vous n’avez pas de jeton actif de ce type.
err-time-zone = Fuseau horaire : « { $value } » n’est pas un nom de fuseau comme Europe/Paris.
api-shielded = { $label }. Redemandez avec reveal=true pour le lire quand même.
err-air-date = « { $value } » n’est pas une date comme 2024-03-01
err-air-instant = « { $value } » n’est pas une heure comme 2024-09-08T21:00:00-04:00 (RFC 3339 avec son décalage)
err-air-time = « { $value } » n’est pas une heure comme 21:00
err-air-zone = « { $value } » n’est pas un nom de fuseau horaire comme America/New_York
err-air-range = « { $value } » est hors limites
err-air-field = { $field } : { $why }
feed-no-show = Cette série n’existe pas.
feed-no-board = Ce forum n’existe pas.
err-content-lang = Langue inconnue « { $code } » : choisissez-en une dans la liste.
lang-label = Langue
lang-all = Toutes les langues
lang-filter = Filtrer
lang-detect = Détecter automatiquement
episode-your-time = Votre heure
