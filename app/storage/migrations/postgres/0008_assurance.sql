-- Assurance levels: how an identity was confirmed ('in_person' by community staff who saw the ID
-- card, 'online' through the configured identity verifier, 'operator' for accounts an operator
-- made), and where each community's counter is, so a page can say where to go to reach L2.
ALTER TABLE users ADD COLUMN identity_method TEXT NOT NULL DEFAULT '';
-- 注销: when an account was closed and its personal data deleted or anonymised.
ALTER TABLE users ADD COLUMN closed_at BIGINT;
ALTER TABLE communities ADD COLUMN office_address TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN office_address_en TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN office_hours TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN office_hours_en TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN office_phone TEXT NOT NULL DEFAULT '';
-- Each community approves a provider for itself: where it may serve, beside where it asks to.
-- Providers approved before this serve where they asked.
ALTER TABLE providers ADD COLUMN approved_communities TEXT NOT NULL DEFAULT '';
UPDATE providers SET approved_communities = communities WHERE status = 'approved';
-- Identity disputes: an account registered with an ID number another account holds keeps only a
-- keyed hash of the number it claims (its id_number is a placeholder) until community staff,
-- holding the card, move the number to it. The account that loses it is marked, and its open
-- applications are frozen for the departments to look at.
ALTER TABLE users ADD COLUMN id_claim_key TEXT;
ALTER TABLE users ADD COLUMN id_disputed_at BIGINT;
ALTER TABLE applications ADD COLUMN frozen_at BIGINT;
