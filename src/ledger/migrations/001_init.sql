-- The ledger: one row per job (a job spec by its job key), the rows that asked for it, one row per
-- attempt (a paid submission), and an append-only history of state changes.

CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  command       TEXT NOT NULL,
  pid           INTEGER NOT NULL,
  exit_code     INTEGER
);

CREATE TABLE jobs (
  id                 INTEGER PRIMARY KEY,
  job_key            TEXT NOT NULL UNIQUE,
  spec_json          TEXT NOT NULL,
  provider           TEXT NOT NULL,
  model              TEXT NOT NULL,
  mode               TEXT NOT NULL,
  orientation        TEXT NOT NULL,
  image              TEXT NOT NULL,
  video              TEXT NOT NULL,
  campaign           TEXT NOT NULL,
  name               TEXT NOT NULL,
  tags_json          TEXT NOT NULL DEFAULT '{}',
  output_name        TEXT NOT NULL,
  state              TEXT NOT NULL CHECK (state IN (
                       'planned', 'submitting', 'submitted', 'running', 'succeeded', 'downloading',
                       'downloaded', 'failed', 'unknown', 'held', 'output_expired')),
  estimated_seconds  REAL,
  estimated_usd      REAL,
  attempt_count      INTEGER NOT NULL DEFAULT 0,
  client_ref         TEXT,
  task_id            TEXT,
  provider_status    TEXT,
  output_url         TEXT,
  output_seconds     REAL,
  output_path        TEXT,
  output_sha256      TEXT,
  output_bytes       INTEGER,
  billed_seconds     REAL,
  billed_usd         REAL,
  failure_class      TEXT CHECK (failure_class IN ('input', 'provider', 'content-policy')),
  error              TEXT,
  not_before_ms      INTEGER NOT NULL DEFAULT 0,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);

CREATE INDEX jobs_by_state ON jobs (state, not_before_ms);

CREATE TABLE job_rows (
  job_id    INTEGER NOT NULL REFERENCES jobs (id),
  manifest  TEXT NOT NULL,
  row       INTEGER NOT NULL,
  PRIMARY KEY (job_id, manifest, row)
);

CREATE TABLE attempts (
  id                   INTEGER PRIMARY KEY,
  job_id               INTEGER NOT NULL REFERENCES jobs (id),
  number               INTEGER NOT NULL,
  client_ref           TEXT NOT NULL UNIQUE,
  request_fingerprint  TEXT NOT NULL,
  run_id               INTEGER REFERENCES runs (id),
  intent_at            TEXT NOT NULL,
  task_id              TEXT,
  outcome              TEXT,
  UNIQUE (job_id, number)
);

CREATE TABLE events (
  id          INTEGER PRIMARY KEY,
  job_id      INTEGER NOT NULL REFERENCES jobs (id),
  run_id      INTEGER REFERENCES runs (id),
  at          TEXT NOT NULL,
  from_state  TEXT,
  to_state    TEXT NOT NULL,
  detail      TEXT
);
