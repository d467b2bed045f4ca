# Bewertungen und Reaktionsverlauf: was Zuschauer über eine Folge sagen.
rating-title = Bewertungen
rating-count = { $count ->
    [one] { $count } Bewertung
   *[other] { $count } Bewertungen
}
rating-by-region = Durchschnitt nach Region
rating-average-col = Durchschnitt
rating-count-col = Bewertungen
rating-none = Noch keine Bewertungen.
rating-your-score = Deine Bewertung (1-10)
rating-rate = Bewerten
rating-change = Bewertung ändern
rating-after-watching = Du kannst diese Folge bewerten und ihre Bewertungen sehen, sobald du sie gesehen hast.
rating-show-average = { $average }/10 ({ $count })
err-rating-not-watched = Markiere { $code } als gesehen, bevor du sie bewertest: Nur wer eine Folge gesehen hat, bewertet sie.
err-rating-score = Eine Bewertung ist eine ganze Zahl von { $min } bis { $max }.

# Ein-Klick-Reaktionen in Live-Räumen und Watchpartys, und der Reaktionsverlauf der Folge.
live-reaction-shock = Schockiert
live-reaction-lol = Lachend
live-reaction-sad = Traurig
live-reaction-fire = Feuer
live-reaction-love = Liebe
live-reaction-mindblown = Umgehauen
live-reactions-label = Auf diesen Moment reagieren
live-reacted = Gesendet: { $reaction }
live-reaction-failed = Reaktion nicht gesendet: { $reason }
err-live-reaction = „{ $key }“ ist keine der Reaktionen (shock, lol, sad, fire, love, mindblown).
chat-err-reactions-too-fast = Du kannst { $count }-mal pro Minute reagieren. Bitte warte ein wenig.
chat-err-reaction-not-saved = Deine Reaktion konnte nicht gespeichert werden. Bitte versuche es erneut.
timeline-title = Reaktionen während der Folge
timeline-none = Noch keine Reaktionen aus dem Live-Raum oder den Watchpartys.
timeline-desc = Reaktionen pro Minute der Folge, eine Zeile pro Region: { $count } insgesamt, höchstens { $peak } in einer Minute einer Region.
timeline-bar = Minute { $minute }: { $count } ×
timeline-as-table = Die Reaktionen als Tabelle
timeline-minute = Minute
timeline-total = Gesamt
