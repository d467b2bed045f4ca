# Sanctions in force, shown at the top of every page and inside refusals.
notice-warn-show = Warning in { $show }: { $reason }
notice-warn-site = Warning: { $reason }
notice-timeout-show-until = Chat timeout in { $show } until { $until }: { $reason }
notice-timeout-show-forever = Chat timeout in { $show } permanently: { $reason }
notice-timeout-site-until = Chat timeout until { $until }: { $reason }
notice-timeout-site-forever = Chat timeout permanently: { $reason }
notice-suspend-show-until = Suspended from posting in { $show } until { $until }: { $reason }
notice-suspend-show-forever = Suspended from posting in { $show } permanently: { $reason }
notice-suspend-site-until = Suspended from posting until { $until }: { $reason }
notice-suspend-site-forever = Suspended from posting permanently: { $reason }
notice-ban-show-until = Banned from the site in { $show } until { $until }: { $reason }
notice-ban-show-forever = Banned from the site in { $show } permanently: { $reason }
notice-ban-site-until = Banned from the site until { $until }: { $reason }
notice-ban-site-forever = Banned from the site permanently: { $reason }

# The spoiler shield's labels: what is hidden, and until when.
shield-hidden-until-watched = { $code } { $what } · hidden until you've watched { $code }
shield-hidden-until-airs = { $code } { $what } · hidden until { $code } airs in { $country }
shield-what-discussion = discussion
shield-what-spoilers = spoilers
shield-what-live-chat = live chat
shield-what-live-chat-replay = live chat replay
shield-what-watch-party = watch party
shield-what-watch-party-replay = watch party replay
shield-what-content = content
