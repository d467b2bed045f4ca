# Títulos de página (a aba do navegador) e cabeçalhos feitos no código.
title-live = Ao vivo: { $show } { $code }
title-parties = Sessões em grupo: { $show } { $code }
title-replay = Replay: { $title }
title-replay-episode = Replay: { $show } { $code }
replay-heading-episode = Replay da sala ao vivo de { $code }, sincronizada com a data de exibição em { $region }
title-moderate = Moderar { $show }
title-modlog = Registro de moderação · { $show }
title-admin-show = Administração · { $show }
feed-reply-title = Re: { $title }
