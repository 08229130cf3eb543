-- A policy notice names the catalogue items it concerns (`,code,` list), shown as links to
-- their pages so a resident goes from reading the policy to applying.
ALTER TABLE public_notices ADD COLUMN service_codes TEXT NOT NULL DEFAULT '';
