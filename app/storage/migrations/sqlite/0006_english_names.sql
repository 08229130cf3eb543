-- English beside the Chinese for what English pages show: place names (in pinyin, the official
-- romanisation) and the catalogue's list text. Empty means "not translated": pages fall back.
ALTER TABLE streets ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE buildings ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN summary_en TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN category_en TEXT NOT NULL DEFAULT '';
