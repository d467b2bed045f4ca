# Sanciones vigentes, arriba de cada página y dentro de los rechazos.
notice-warn-show = Advertencia en { $show }: { $reason }
notice-warn-site = Advertencia: { $reason }
notice-timeout-show-until = Expulsión temporal del chat en { $show } hasta { $until }: { $reason }
notice-timeout-show-forever = Expulsión permanente del chat en { $show }: { $reason }
notice-timeout-site-until = Expulsión temporal del chat hasta { $until }: { $reason }
notice-timeout-site-forever = Expulsión permanente del chat: { $reason }
notice-suspend-show-until = Suspendido de publicar en { $show } hasta { $until }: { $reason }
notice-suspend-show-forever = Suspendido de publicar en { $show } de forma permanente: { $reason }
notice-suspend-site-until = Suspendido de publicar hasta { $until }: { $reason }
notice-suspend-site-forever = Suspendido de publicar de forma permanente: { $reason }
notice-ban-show-until = Vetado del sitio en { $show } hasta { $until }: { $reason }
notice-ban-show-forever = Vetado del sitio en { $show } de forma permanente: { $reason }
notice-ban-site-until = Vetado del sitio hasta { $until }: { $reason }
notice-ban-site-forever = Vetado del sitio de forma permanente: { $reason }

# Las etiquetas del escudo antispoilers: qué se oculta y hasta cuándo.
shield-hidden-until-watched = { $what } de { $code } · contenido oculto hasta que veas { $code }
shield-hidden-until-airs = { $what } de { $code } · contenido oculto hasta que { $code } se emita en tu región ({ $country })
shield-what-discussion = Discusión
shield-what-spoilers = Spoilers
shield-what-live-chat = Chat en directo
shield-what-live-chat-replay = Repetición del chat en directo
shield-what-watch-party = Fiesta de visionado
shield-what-watch-party-replay = Repetición de la fiesta de visionado
shield-what-content = Contenido
