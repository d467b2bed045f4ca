# Titres de page (l’onglet du navigateur) et intitulés faits dans le code.
title-live = En direct : { $show } { $code }
title-parties = Visionnages en groupe : { $show } { $code }
title-replay = Rediffusion : { $title }
title-replay-episode = Rediffusion : { $show } { $code }
replay-heading-episode = Rediffusion du salon en direct de { $code }, calée sur sa date de diffusion en { $region }
title-moderate = Modérer { $show }
title-modlog = Journal de modération · { $show }
title-admin-show = Administration · { $show }
feed-reply-title = Re : { $title }
