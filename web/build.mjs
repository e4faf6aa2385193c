// Builds web/ into web/dist: TypeScript pages bundled by esbuild (hashed, code-split, minified), one CSS
// bundle, HTML pages with the Chinese text filled in from the locale file at build time, public files
// copied. Fails on a type error, on HTML injection APIs in our code, or when a resident page's
// JavaScript and CSS exceed the budget. Usage: node web/build.mjs
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = dirname(fileURLToPath(import.meta.url));
const src = join(root, "src");
const out = join(root, "dist");

// Pages residents open on their phones (often in WeChat's browser): JS + CSS must stay under this, gzipped.
// Charts (ECharts) are loaded only by the pages that chart and are counted separately.
const residentBudgetBytes = 150 * 1024;
const residentPages = new Set(["index", "signin", "404", "submit", "track", "needs-map", "projects", "project", "rankings"]);

const locale = JSON.parse(readFileSync(join(src, "locales", "zh-CN.json"), "utf8"));

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function checkNoHtmlInjection() {
  const banned = /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/;
  const offenders = walk(src).filter((f) => f.endsWith(".ts") && banned.test(readFileSync(f, "utf8")));
  if (offenders.length > 0) {
    throw new Error(`User text must never be parsed as HTML; found an HTML/eval API in: ${offenders.map((f) => relative(root, f)).join(", ")}`);
  }
}

function typeCheck() {
  execFileSync(process.execPath, [join(root, "..", "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.json")], { stdio: "inherit" });
}

function translate(text, file) {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, key) => {
    const value = key.split(".").reduce((node, part) => node?.[part], locale);
    if (typeof value !== "string") throw new Error(`${file}: no text for {{${key}}} in zh-CN.json`);
    return value.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  });
}

function includePartials(text) {
  return text.replace(/<!--\s*include:\s*([\w-]+)\s*-->/g, (_, name) => readFileSync(join(src, "partials", `${name}.html`), "utf8").trim());
}

async function main() {
  checkNoHtmlInjection();
  typeCheck();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const pagesDir = join(src, "pages");
  const templates = walk(pagesDir).filter((f) => f.endsWith(".html"));
  const pageName = (file) => relative(pagesDir, file).replace(/\.(html|ts)$/, "").split("\\").join("/");
  const scripts = walk(pagesDir).filter((f) => f.endsWith(".ts"));

  const result = await build({
    entryPoints: [...scripts.map((f) => ({ in: f, out: pageName(f) })), { in: join(src, "styles", "app.css"), out: "app" }],
    outdir: join(out, "assets"),
    bundle: true,
    splitting: true,
    format: "esm",
    target: ["es2019", "chrome79", "safari13"],
    minify: true,
    sourcemap: "linked",
    entryNames: "[dir]/[name]-[hash]",
    chunkNames: "chunks/[name]-[hash]",
    assetNames: "media/[name]-[hash]",
    metafile: true,
    legalComments: "linked",
    logLevel: "warning",
  });

  const outputs = result.metafile.outputs;
  const byEntry = new Map();
  for (const [file, info] of Object.entries(outputs)) {
    if (info.entryPoint) byEntry.set(relative(root, join(root, "..", info.entryPoint)).split("\\").join("/"), file);
  }
  const url = (file) => "/" + relative(out, join(root, "..", file)).split("\\").join("/");
  const cssFile = [...byEntry.entries()].find(([entry]) => entry.endsWith("styles/app.css"))[1];

  const budget = [];
  for (const template of templates) {
    const name = pageName(template);
    const script = scripts.find((f) => pageName(f) === name);
    const jsFile = script ? byEntry.get(relative(root, script).split("\\").join("/")) : undefined;
    const tags = [`<link rel="stylesheet" href="${url(cssFile)}">`];
    if (jsFile) tags.push(`<script type="module" src="${url(jsFile)}"></script>`);
    const html = translate(includePartials(readFileSync(template, "utf8")), relative(root, template)).replace("<!-- assets -->", tags.join("\n"));
    const target = join(out, `${name}.html`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, html);

    // Everything the page loads before it works: its entry, the chunks it imports (transitively), the CSS.
    // What it imports dynamically (the charts) arrives later and is counted on its own.
    const files = new Set([cssFile]);
    const later = [];
    const visit = (file, into) => {
      if (!file || into.has(file) || files.has(file)) return;
      into.add(file);
      for (const imported of outputs[file].imports) {
        if (imported.kind === "import-statement") visit(imported.path, into);
        else if (imported.kind === "dynamic-import") later.push(imported.path);
      }
    };
    visit(jsFile, files);
    const deferred = new Set();
    for (const file of later) visit(file, deferred);
    const gz = (set) => [...set].reduce((sum, f) => sum + gzipSync(readFileSync(join(root, "..", f))).length, 0);
    budget.push({ page: name, gzipBytes: gz(files), chartGzipBytes: gz(deferred), resident: residentPages.has(name) });
  }

  cpSync(join(root, "public"), out, { recursive: true });
  budget.sort((a, b) => a.page.localeCompare(b.page));
  writeFileSync(join(out, "budget.json"), JSON.stringify({ residentBudgetBytes, pages: budget }, null, 2) + "\n");
  const kb = (bytes) => `${(bytes / 1024).toFixed(1).padStart(8)} KB`;
  console.log("page                 JS+CSS gzip   budget   charts (loaded later, gzip)");
  for (const row of budget) {
    const budgetText = (row.resident ? `${residentBudgetBytes / 1024} KB` : "-").padEnd(6);
    console.log(`${row.page.padEnd(20)} ${kb(row.gzipBytes)}   ${budgetText} ${row.chartGzipBytes > 0 ? kb(row.chartGzipBytes) : ""}`.trimEnd());
  }
  const over = budget.filter((row) => row.resident && row.gzipBytes > residentBudgetBytes);
  if (over.length > 0) throw new Error(`Over the resident page budget: ${over.map((r) => r.page).join(", ")}`);
  const fingerprint = createHash("sha256").update(JSON.stringify(budget)).digest("hex").slice(0, 12);
  console.log(`web/dist built (${templates.length} pages, ${fingerprint})`);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
