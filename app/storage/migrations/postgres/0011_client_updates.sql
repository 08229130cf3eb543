-- Keys an administrator allows to post public updates on reports (FixMyStreet's
-- `POST servicerequestupdates`).
ALTER TABLE api_keys ADD COLUMN may_update BIGINT NOT NULL DEFAULT 0;
