-- What the media preflight learned about each input, so a re-plan or a resumed run probes nothing
-- twice; and the local inputs put in an upload store, so each file is uploaded once.

-- media_key: 'sha256:<hex>' for a local file (its content), 'url:<sha256 of URL + ETag>' for a
-- remote one (its address and version). probe_version changes when MediaFacts does.
CREATE TABLE media_probes (
  media_key      TEXT PRIMARY KEY,
  probe_version  INTEGER NOT NULL,
  facts_json     TEXT NOT NULL,
  bytes          INTEGER,
  bytes_read     INTEGER,
  probed_at      TEXT NOT NULL
);

-- One row per object per store; objects are named by content hash. store: the endpoint and bucket,
-- never credentials. Only the object key is kept: presigned URLs carry a signature, so they are
-- signed again when needed.
CREATE TABLE uploads (
  store         TEXT NOT NULL,
  sha256        TEXT NOT NULL,
  object_key    TEXT NOT NULL,
  bytes         INTEGER NOT NULL,
  content_type  TEXT NOT NULL,
  uploaded_at   TEXT NOT NULL,
  PRIMARY KEY (store, object_key)
);
