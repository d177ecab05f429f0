// After `vite build`: a gzip copy of every built script and style (dist/assets/*.js|css -> *.gz),
// which `govgraph serve` sends to browsers that accept gzip (api/webapp.py); nothing compresses
// per request, and the GraphQL responses are untouched.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dir = "dist/assets";
let raw = 0;
let zipped = 0;
for (const name of readdirSync(dir)) {
  if (!/\.(js|css|svg)$/.test(name)) continue;
  const body = readFileSync(join(dir, name));
  const gz = gzipSync(body, { level: 9 });
  writeFileSync(join(dir, `${name}.gz`), gz);
  raw += body.length;
  zipped += gz.length;
}
console.log(`compress: ${(raw / 1024).toFixed(0)} KiB of assets, ${(zipped / 1024).toFixed(0)} KiB gzipped`);
