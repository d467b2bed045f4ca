# Admin pages: the list of shows, adding a show, editing a show, its episodes and boards.
admin-add-show-heading = Add a show
admin-slug = Slug
admin-synopsis = Synopsis
admin-add-show = Add show
admin-edit-show = Edit { $show }
admin-show-heading = Show
admin-spoiler-delay = Spoiler delay (days after the first airing that an episode counts as aired in countries without their own date; empty = never)
admin-save-show = Save show
admin-episode-heading = Add or update an episode
admin-code = Code
admin-code-example = s01e05
admin-runtime = Runtime (minutes)
admin-air-dates = Air dates, one per line
admin-region-example = US
admin-save-episode = Save episode
admin-edit-episode = edit
admin-name = Name
admin-description = Description
admin-add-board = Add board
