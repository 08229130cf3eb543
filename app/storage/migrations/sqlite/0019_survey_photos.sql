-- A photo question's answer: one cleaned, sealed file per person and question. The answer's
-- JSON marks the question answered; replacing or removing the photo deletes the old file, and
-- closing the account deletes them all.
CREATE TABLE survey_photos (
    survey_id INTEGER NOT NULL REFERENCES surveys(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    question TEXT NOT NULL,
    file_id INTEGER NOT NULL REFERENCES files(id),
    PRIMARY KEY (survey_id, user_id, question)
);
CREATE INDEX survey_photos_by_file ON survey_photos (file_id);
