-- A questionnaire answered once per household: a member's answer replaces the one another
-- member of the same building and door gave, and the unanswered list is of households.
ALTER TABLE surveys ADD COLUMN per_household BIGINT NOT NULL DEFAULT 0;
