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

# Réactions en un clic dans les salons en direct et les soirées, et leur chronologie.
live-reaction-shock = Choqué
live-reaction-lol = Mort de rire
live-reaction-sad = Triste
live-reaction-fire = Génial
live-reaction-love = Amour
live-reaction-mindblown = Époustouflé
live-reactions-label = Réagir à ce moment
live-reacted = Envoyé : { $reaction }
live-reaction-failed = Réaction non envoyée : { $reason }
err-live-reaction = « { $key } » ne fait pas partie des réactions (shock, lol, sad, fire, love, mindblown).
chat-err-reactions-too-fast = Vous pouvez réagir { $count } fois par minute. Patientez un peu.
chat-err-reaction-not-saved = Votre réaction n'a pas pu être enregistrée. Réessayez.
timeline-title = Réactions pendant l'épisode
timeline-none = Pas encore de réaction dans le salon en direct ni dans les soirées.
timeline-desc = Réactions par minute de l'épisode, une ligne par région : { $count } en tout, au plus { $peak } en une minute dans une région.
timeline-bar = Minute { $minute } : { $count } ×
timeline-as-table = Les réactions sous forme de tableau
timeline-minute = Minute
timeline-total = Total
