-- An air date may carry its instant: air_at (unix ms) when the catalogue gave a time of day,
-- with the zone it was given in (an IANA name, or a fixed offset like -04:00). air_date stays
-- the local date there, for the date-only lists; a NULL air_at is a bare date.
ALTER TABLE episode_air_dates ADD COLUMN air_at BIGINT;
ALTER TABLE episode_air_dates ADD COLUMN air_zone TEXT;

-- The zone a signed-in user reads times in (IANA name); NULL = the browser's, else the region's.
ALTER TABLE users ADD COLUMN time_zone TEXT;
