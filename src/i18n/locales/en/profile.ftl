# Member profiles.
profile-joined = Joined { $date }
profile-site-admin = Site admin
profile-moderates = Moderates
profile-progress = Watch progress
profile-watched = { $count ->
    [one] watched { $watched } of { $count } episode
   *[other] watched { $watched } of { $count } episodes
}
profile-threads = Threads
profile-no-threads = No threads yet.
profile-thread-in = in
profile-replies = Replies
profile-no-replies = No replies.
profile-no-replies-page = No replies on this page.
profile-reply-to = Re: { $title }
profile-more = More
