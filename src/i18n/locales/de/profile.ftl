# Mitgliederprofile.
profile-joined = Dabei seit { $date }
profile-site-admin = Website-Admin
profile-moderates = Moderiert
profile-progress = Fortschritt
profile-watched = { $count ->
    [one] { $watched } von { $count } Folge gesehen
   *[other] { $watched } von { $count } Folgen gesehen
}
profile-threads = Themen
profile-no-threads = Noch keine Themen.
profile-thread-in = in
profile-replies = Antworten
profile-no-replies = Keine Antworten.
profile-no-replies-page = Keine Antworten auf dieser Seite.
profile-reply-to = Re: { $title }
profile-more = Mehr
