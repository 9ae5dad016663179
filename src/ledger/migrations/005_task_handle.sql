-- What a provider needs besides the task id to find a task again (fal's status_url and
-- response_url, Freepik's model path): kept with the attempt that created the task.
ALTER TABLE attempts ADD COLUMN handle TEXT;
