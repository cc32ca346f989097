#!/usr/bin/env node
// Writes FILE.br and FILE.gz beside each compressible file of the site
// folder (the server sends them instead of compressing on every request).
// Each result is kept in a cache by the file's SHA-256, so a build only
// compresses the files that changed.
//
//   node scripts/precompress.js target/site target/precompressed
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const { promisify } = require("node:util");

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

// Already compressed: sending them as they are is as small.
const SKIP = new Set([".br", ".gz", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2", ".zip"]);

function filesIn(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesIn(full));
    else if (entry.isFile() && !SKIP.has(path.extname(entry.name).toLowerCase())) out.push(full);
  }
  return out;
}

// Puts the cached `from` at `to`: a hard link when it can, else a copy.
function place(from, to) {
  fs.rmSync(to, { force: true });
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}

async function one(file, cache, counts) {
  const bytes = fs.readFileSync(file);
  const hash = crypto.createHash("sha256").update(bytes).digest("hex");
  const br = path.join(cache, `${hash}.br`);
  const gz = path.join(cache, `${hash}.gz`);
  if (!fs.existsSync(br) || !fs.existsSync(gz)) {
    const [b, g] = await Promise.all([
      brotli(bytes, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
      gzip(bytes, { level: 9 }),
    ]);
    // Whole or absent: written under a temporary name, then renamed.
    for (const [target, data] of [[br, b], [gz, g]]) {
      const part = `${target}.${process.pid}.part`;
      fs.writeFileSync(part, data);
      fs.renameSync(part, target);
    }
    counts.compressed += 1;
  } else {
    counts.reused += 1;
  }
  place(br, `${file}.br`);
  place(gz, `${file}.gz`);
}

async function main() {
  const [site, cache] = process.argv.slice(2);
  if (!site || !cache) {
    console.error("Usage: node scripts/precompress.js SITE_FOLDER CACHE_FOLDER");
    process.exit(2);
  }
  const started = Date.now();
  fs.mkdirSync(cache, { recursive: true });
  const files = filesIn(site);
  const counts = { compressed: 0, reused: 0 };
  // As many at once as zlib has threads for.
  const queue = files.slice();
  const workers = Array.from({ length: 8 }, async () => {
    while (queue.length > 0) await one(queue.pop(), cache, counts);
  });
  await Promise.all(workers);
  console.log(
    `Precompressed ${files.length} files in ${Date.now() - started} ms: ` +
      `${counts.compressed} compressed, ${counts.reused} from the cache.`
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
