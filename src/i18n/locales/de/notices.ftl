# Geltende Sanktionen, oben auf jeder Seite und in Ablehnungen.
notice-warn-show = Verwarnung in { $show }: { $reason }
notice-warn-site = Verwarnung: { $reason }
notice-timeout-show-until = Chat-Auszeit in { $show } bis { $until }: { $reason }
notice-timeout-show-forever = Dauerhafte Chat-Auszeit in { $show }: { $reason }
notice-timeout-site-until = Chat-Auszeit bis { $until }: { $reason }
notice-timeout-site-forever = Dauerhafte Chat-Auszeit: { $reason }
notice-suspend-show-until = Schreibsperre in { $show } bis { $until }: { $reason }
notice-suspend-show-forever = Dauerhafte Schreibsperre in { $show }: { $reason }
notice-suspend-site-until = Schreibsperre bis { $until }: { $reason }
notice-suspend-site-forever = Dauerhafte Schreibsperre: { $reason }
notice-ban-show-until = Von der Website gesperrt in { $show } bis { $until }: { $reason }
notice-ban-show-forever = Dauerhaft von der Website gesperrt in { $show }: { $reason }
notice-ban-site-until = Von der Website gesperrt bis { $until }: { $reason }
notice-ban-site-forever = Dauerhaft von der Website gesperrt: { $reason }

# Die Beschriftungen des Spoilerschutzes: was verborgen ist und bis wann.
shield-hidden-until-watched = { $what } zu { $code } · verborgen, bis du { $code } gesehen hast
shield-hidden-until-airs = { $what } zu { $code } · verborgen, bis { $code } in deiner Region ({ $country }) läuft
shield-what-discussion = Diskussion
shield-what-spoilers = Spoiler
shield-what-live-chat = Live-Chat
shield-what-live-chat-replay = Live-Chat-Wiederholung
shield-what-watch-party = Watchparty
shield-what-watch-party-replay = Watchparty-Wiederholung
shield-what-content = Inhalt
