# Títulos de página (la pestaña del navegador) y encabezados hechos en el código.
title-live = En directo: { $show } { $code }
title-parties = Watch parties: { $show } { $code }
title-replay = Repetición: { $title }
title-replay-episode = Repetición: { $show } { $code }
replay-heading-episode = Repetición de la sala en directo de { $code }, sincronizada con su fecha de emisión en { $region }
title-moderate = Moderar { $show }
title-modlog = Registro de moderación · { $show }
title-admin-show = Administración · { $show }
feed-reply-title = Re: { $title }
