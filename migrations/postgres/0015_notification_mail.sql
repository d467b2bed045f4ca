-- Notification mail: the sweeps look for notifications of the last hours not yet mailed,
-- by creation time, then check each one's email preference.
CREATE INDEX notifications_created ON notifications(created_at);
