# Sanctions en vigueur, affichées en haut de chaque page et dans les refus.
notice-warn-show = Avertissement dans { $show } : { $reason }
notice-warn-site = Avertissement : { $reason }
notice-timeout-show-until = Exclusion temporaire du chat dans { $show } jusqu'au { $until } : { $reason }
notice-timeout-show-forever = Exclusion définitive du chat dans { $show } : { $reason }
notice-timeout-site-until = Exclusion temporaire du chat jusqu'au { $until } : { $reason }
notice-timeout-site-forever = Exclusion définitive du chat : { $reason }
notice-suspend-show-until = Suspendu de publication dans { $show } jusqu'au { $until } : { $reason }
notice-suspend-show-forever = Suspendu définitivement de publication dans { $show } : { $reason }
notice-suspend-site-until = Suspendu de publication jusqu'au { $until } : { $reason }
notice-suspend-site-forever = Suspendu définitivement de publication : { $reason }
notice-ban-show-until = Banni du site dans { $show } jusqu'au { $until } : { $reason }
notice-ban-show-forever = Banni définitivement du site dans { $show } : { $reason }
notice-ban-site-until = Banni du site jusqu'au { $until } : { $reason }
notice-ban-site-forever = Banni définitivement du site : { $reason }

# Les étiquettes du bouclier anti-spoilers : ce qui est masqué, et jusqu'à quand.
shield-hidden-until-watched = { $what } { $code } · contenu masqué tant que vous n'avez pas vu { $code }
shield-hidden-until-airs = { $what } { $code } · contenu masqué jusqu’à la diffusion de { $code } dans votre région ({ $country })
shield-what-discussion = Discussion
shield-what-spoilers = Spoilers
shield-what-live-chat = Chat en direct
shield-what-live-chat-replay = Rediffusion du chat en direct
shield-what-watch-party = Soirée visionnage
shield-what-watch-party-replay = Rediffusion de la soirée visionnage
shield-what-content = Contenu
