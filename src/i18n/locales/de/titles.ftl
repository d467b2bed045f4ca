# Seitentitel (der Browser-Tab) und Überschriften aus dem Code.
title-live = Live: { $show } { $code }
title-parties = Watch-Partys: { $show } { $code }
title-replay = Wiederholung: { $title }
title-replay-episode = Wiederholung: { $show } { $code }
replay-heading-episode = Wiederholung des Live-Raums von { $code }, getaktet nach seinem Sendetermin in { $region }
title-moderate = { $show } moderieren
title-modlog = Moderationsprotokoll · { $show }
title-admin-show = Verwaltung · { $show }
feed-reply-title = Re: { $title }
