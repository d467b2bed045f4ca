# Perfis dos membros.
profile-joined = Membro desde { $date }
profile-site-admin = Administrador do site
profile-moderates = Modera
profile-progress = Progresso
profile-watched = { $count ->
    [one] { $watched } de { $count } episódio assistido
   *[other] { $watched } de { $count } episódios assistidos
}
profile-threads = Tópicos
profile-no-threads = Ainda não há tópicos.
profile-thread-in = em
profile-replies = Respostas
profile-no-replies = Nenhuma resposta.
profile-no-replies-page = Nenhuma resposta nesta página.
profile-reply-to = Re: { $title }
profile-more = Mais
