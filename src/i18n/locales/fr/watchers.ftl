# Notes et chronologie des réactions : ce qu'en disent ceux qui ont vu l'épisode.
rating-title = Notes
rating-count = { $count ->
    [one] { $count } note
   *[other] { $count } notes
}
rating-by-region = Moyenne par région
rating-average-col = Moyenne
rating-count-col = Notes
rating-none = Pas encore de note.
rating-your-score = Votre note (1-10)
rating-rate = Noter
rating-change = Changer ma note
rating-after-watching = Vous pourrez noter cet épisode et voir ses notes une fois que vous l'aurez vu.
rating-show-average = { $average }/10 ({ $count })
err-rating-not-watched = Marquez { $code } comme vu avant de le noter : seuls les fans qui ont vu un épisode le notent.
err-rating-score = Une note est un nombre entier de { $min } à { $max }.
