# API tokens, feeds, air times, time zones and post languages.
api-message = { $text }
token-name-empty = Gib dem Token einen Namen.
token-name-too-long = Ein Token-Name hat höchstens { $max } Zeichen.
token-name-control = Ein Token-Name darf keine Steuerzeichen enthalten.
token-none = Du hast kein solches aktives Token.
err-time-zone = Zeitzone: „{ $value }“ ist kein Zeitzonenname wie Europe/Paris.
api-shielded = { $label }. Frage mit reveal=true erneut, um es trotzdem zu lesen.
err-air-date = „{ $value }“ ist kein Datum wie 2024-03-01
err-air-instant = „{ $value }“ ist keine Zeit wie 2024-09-08T21:00:00-04:00 (RFC 3339 mit Versatz)
err-air-time = „{ $value }“ ist keine Uhrzeit wie 21:00
err-air-zone = „{ $value }“ ist kein Zeitzonenname wie America/New_York
err-air-range = „{ $value }“ liegt außerhalb des gültigen Bereichs
err-air-field = { $field }: { $why }
feed-no-show = Diese Serie gibt es nicht.
feed-no-board = Dieses Forum gibt es nicht.
err-content-lang = Unbekannte Sprache „{ $code }“: Wähle eine aus der Liste.
lang-label = Sprache
lang-all = Alle Sprachen
lang-filter = Filtern
lang-detect = Automatisch erkennen
episode-your-time = Deine Zeit
