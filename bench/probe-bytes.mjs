// Bytes a probe reads, local and remote (HTTP Range over loopback), against the file's size.
//   node bench/probe-bytes.mjs [file...]      (after `npm run build`; default: the 20 s fixture clip)
import { statSync } from "node:fs";
import { open } from "node:fs/promises";
import { createServer } from "node:http";
import { probeChunks, probeHeaders } from "../dist/media/probe.js";
import { probeRemote, statRemote } from "../dist/media/probe-remote.js";
import { serveFile } from "../dist/simulator/serve-file.js";

const files = process.argv.slice(2);
if (files.length === 0) files.push("test/fixtures/media/long-moov-at-end.mp4");

/** Probes through a reader that counts the bytes it hands out. */
async function counted(path, probe) {
  const handle = await open(path, "r");
  let read = 0;
  const size = statSync(path).size;
  const facts = await probe(size, async (length, offset) => {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    read += bytesRead;
    return buffer.subarray(0, bytesRead);
  });
  await handle.close();
  return { facts, read, size };
}

let current = "";
const server = createServer((req, res) => serveFile(req, res, current));
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}/media`;
const pct = (part, whole) => `${((100 * part) / whole).toFixed(1)}%`;
console.log("| file | size | mediainfo alone | header-only (local) | remote by Range | Range requests |");
console.log("|---|---|---|---|---|---|");
for (const file of files) {
  current = file;
  const whole = await counted(file, probeChunks);
  const local = await counted(file, probeHeaders);
  let requests = 0;
  server.on("request", () => (requests += 1));
  const remote = await probeRemote(url, await statRemote(url));
  server.removeAllListeners("request");
  server.on("request", (req, res) => serveFile(req, res, current));
  const same = JSON.stringify(whole.facts) === JSON.stringify(local.facts) && JSON.stringify(local.facts) === JSON.stringify(remote.facts);
  console.log(
    `| ${file} | ${whole.size} | ${whole.read} (${pct(whole.read, whole.size)}) | ${local.read} (${pct(local.read, local.size)}) | ${remote.bytesRead} (${pct(remote.bytesRead, remote.bytes)}) | ${requests} |${same ? "" : " FACTS DIFFER"}`,
  );
}
server.close();
