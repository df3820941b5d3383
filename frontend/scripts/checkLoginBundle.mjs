// Sums the gzipped JavaScript a browser downloads to show /login (the entry, the login route chunk and
// everything they import statically) from dist/.vite/manifest.json, and fails past the budget.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

// 300 KB until 2026-12-04; the trusted-documents exchange (queries sent by their manifest hash) added 1.2 KB.
// 304 KB until 2026-12-06: the zh-CN and en strings of exports and the import wizard (the i18n chunk holds every
// string of both languages) and their routes added 5.7 KB; splitting the strings by page is the way back down.
const BUDGET_BYTES = 312 * 1024;
const LOGIN_ROUTE_MODULE = "src/pages/login/LoginPage.tsx";
const dist = join(import.meta.dirname, "..", "dist");

const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"));
const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
if (!entry || !manifest[LOGIN_ROUTE_MODULE]) {
  console.error(`manifest has no entry or no ${LOGIN_ROUTE_MODULE}: run \`npm run build\` first`);
  process.exit(1);
}

const loaded = new Set();
const visit = (key) => {
  if (loaded.has(key)) return;
  loaded.add(key);
  for (const imported of manifest[key].imports ?? []) visit(imported);
};
visit(entry);
visit(LOGIN_ROUTE_MODULE);

let total = 0;
for (const key of loaded) {
  const file = manifest[key].file;
  const size = gzipSync(readFileSync(join(dist, file))).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(8)} KB  ${file}`);
}
console.log(`${(total / 1024).toFixed(1).padStart(8)} KB  gzipped JS for /login (budget ${BUDGET_BYTES / 1024} KB)`);
if (total > BUDGET_BYTES) {
  console.error("/login loads more JavaScript than its budget: move what it does not need behind React.lazy.");
  process.exit(1);
}
