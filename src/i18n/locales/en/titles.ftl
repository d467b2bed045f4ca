# Page titles (the browser tab) and headings made in code.
title-live = Live: { $show } { $code }
title-parties = Watch parties: { $show } { $code }
title-replay = Replay: { $title }
title-replay-episode = Replay: { $show } { $code }
replay-heading-episode = Replay of the { $code } live room, timed from its { $region } air date
title-moderate = Moderate { $show }
title-modlog = Mod log · { $show }
title-admin-show = Admin · { $show }
feed-reply-title = Re: { $title }
