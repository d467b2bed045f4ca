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
