# Páginas de administração: a lista de séries, adicionar uma série, editar uma série, seus episódios e fóruns.
admin-add-show-heading = Adicionar uma série
admin-slug = Identificador
admin-synopsis = Sinopse
admin-add-show = Adicionar série
admin-edit-show = Editar { $show }
admin-show-heading = Série
admin-spoiler-delay = Atraso contra spoilers (dias após a primeira exibição a partir dos quais um episódio conta como exibido nos países sem data própria; vazio = nunca)
admin-save-show = Salvar série
admin-episode-heading = Adicionar ou atualizar um episódio
admin-code = Código
admin-code-example = s01e05
admin-runtime = Duração (minutos)
admin-air-dates = Datas de exibição, uma por linha
admin-region-example = BR
admin-save-episode = Salvar episódio
admin-edit-episode = editar
admin-name = Nome
admin-description = Descrição
admin-add-board = Adicionar fórum
