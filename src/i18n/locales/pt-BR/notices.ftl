# Punições em vigor, no topo de cada página e dentro das recusas.
notice-warn-show = Advertência em { $show }: { $reason }
notice-warn-site = Advertência: { $reason }
notice-timeout-show-until = Suspensão do chat em { $show } até { $until }: { $reason }
notice-timeout-show-forever = Suspensão permanente do chat em { $show }: { $reason }
notice-timeout-site-until = Suspensão do chat até { $until }: { $reason }
notice-timeout-site-forever = Suspensão permanente do chat: { $reason }
notice-suspend-show-until = Proibido de publicar em { $show } até { $until }: { $reason }
notice-suspend-show-forever = Proibido de publicar em { $show } permanentemente: { $reason }
notice-suspend-site-until = Proibido de publicar até { $until }: { $reason }
notice-suspend-site-forever = Proibido de publicar permanentemente: { $reason }
notice-ban-show-until = Banido do site em { $show } até { $until }: { $reason }
notice-ban-show-forever = Banido do site em { $show } permanentemente: { $reason }
notice-ban-site-until = Banido do site até { $until }: { $reason }
notice-ban-site-forever = Banido do site permanentemente: { $reason }

# Os rótulos do escudo contra spoilers: o que está oculto e até quando.
shield-hidden-until-watched = { $what } de { $code } · conteúdo oculto até você assistir { $code }
shield-hidden-until-airs = { $what } de { $code } · conteúdo oculto até { $code } ser exibido na sua região ({ $country })
shield-what-discussion = Discussão
shield-what-spoilers = Spoilers
shield-what-live-chat = Chat ao vivo
shield-what-live-chat-replay = Replay do chat ao vivo
shield-what-watch-party = Sessão coletiva
shield-what-watch-party-replay = Replay da sessão coletiva
shield-what-content = Conteúdo
