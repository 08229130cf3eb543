-- Assurance levels: how an identity was confirmed ('in_person' by community staff who saw the ID
-- card, 'online' through the configured identity verifier, 'operator' for accounts an operator
-- made), and where each community's counter is, so a page can say where to go to reach L2.
ALTER TABLE users ADD COLUMN identity_method TEXT NOT NULL DEFAULT '';
-- 注销: when an account was closed and its personal data deleted or anonymised.
ALTER TABLE users ADD COLUMN closed_at INTEGER;
ALTER TABLE communities ADD COLUMN office_address TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN office_address_en TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN office_hours TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN office_hours_en TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN office_phone TEXT NOT NULL DEFAULT '';
