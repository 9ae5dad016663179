-- The ETag (or Last-Modified) of the output a `.part` file holds bytes of. A resumed download sends
-- it as If-Range, so a server whose file changed sends the whole new file instead of a mismatched tail.
ALTER TABLE jobs ADD COLUMN download_validator TEXT;
