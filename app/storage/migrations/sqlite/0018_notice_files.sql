-- A notice's attachments (PDF or image, through the upload pipeline), added while it is a
-- draft and frozen once it is out. A republished copy links the same files.
CREATE TABLE notice_files (
    notice_id INTEGER NOT NULL REFERENCES public_notices(id),
    file_id INTEGER NOT NULL REFERENCES files(id),
    PRIMARY KEY (notice_id, file_id)
);
CREATE INDEX notice_files_by_file ON notice_files (file_id);
