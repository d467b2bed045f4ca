# Pages d’administration : la liste des séries, l’ajout d’une série, la modification d’une série, de ses épisodes et forums.
admin-add-show-heading = Ajouter une série
admin-slug = Identifiant
admin-synopsis = Synopsis
admin-add-show = Ajouter la série
admin-edit-show = Modifier { $show }
admin-show-heading = Série
admin-spoiler-delay = Délai anti-spoilers (jours après la première diffusion au bout desquels un épisode compte comme diffusé dans les pays sans date propre ; vide = jamais)
admin-save-show = Enregistrer la série
admin-episode-heading = Ajouter ou mettre à jour un épisode
admin-code = Code
admin-code-example = s01e05
admin-runtime = Durée (minutes)
admin-air-dates = Dates de diffusion, une par ligne
admin-region-example = FR
admin-save-episode = Enregistrer l’épisode
admin-edit-episode = modifier
admin-name = Nom
admin-description = Description
admin-add-board = Ajouter le forum
