-- Kling custom elements. An element is a job like any other (same attempts, intent before the POST,
-- reconciliation, budget, report), of kind 'element': it makes an element id, not a video, and is
-- 'downloaded' once the element is ready (there is nothing to download). A video job of a
-- character with an element waits, planned, for its element job.

ALTER TABLE jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'video' CHECK (kind IN ('video', 'element'));
-- On a video job: the job that creates its element.
ALTER TABLE jobs ADD COLUMN element_job_id INTEGER REFERENCES jobs (id);
-- On an element job: the provider's element id (a 64-bit integer at Kling, kept as text).
ALTER TABLE jobs ADD COLUMN element_id TEXT;

CREATE INDEX jobs_by_element_job ON jobs (element_job_id);
