-- Each account's session generation: signing out (and, later, a changed
-- password, role or unit, or a deactivation) moves it on, and every token
-- issued before is refused.
ALTER TABLE users ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;
