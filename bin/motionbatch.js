#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm install` through the `prepare` script).
import { main } from "../dist/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // main() maps every known error itself; reaching here is a bug, so show it plainly.
    console.error("motionbatch: unexpected error:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
