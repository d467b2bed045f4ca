-- The interface language now takes effect. Until now every account held 'en' by default
-- without having chosen it; '' means "from the browser", so those accounts follow their
-- browser's Accept-Language instead of being pinned to English.
UPDATE users SET language = '' WHERE language = 'en';
