#!/usr/bin/env node
// Fails when the folders of the TypeScript sources import each other in a cycle (folder A imports
// folder B, which imports A again, directly or through others). Each folder is one node; imports
// within a folder are fine. Also fails when provider/transport imports anything outside itself.
// Used by `npm run lint`.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const SOURCES = ["provider", "sdk", "cli", "policy"];
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^"'`;]*?\bfrom\s*["']([^"']+)["']|\brequire\(\s*["']([^"']+)["']\s*\)|\bimport\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

function resolveImport(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts"), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const folderOf = (file) => path.relative(ROOT, path.dirname(file)).split(path.sep).join("/");

/** folder -> folder -> one example import, for the message. */
const edges = new Map();
for (const file of SOURCES.filter((dir) => fs.existsSync(path.join(ROOT, dir))).flatMap((dir) => sourceFiles(path.join(ROOT, dir)))) {
  const text = fs.readFileSync(file, "utf8");
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (!specifier || !specifier.startsWith(".")) continue;
    const target = resolveImport(file, specifier);
    if (!target) continue;
    const from = folderOf(file);
    const to = folderOf(target);
    if (from === to) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${path.relative(ROOT, file)} imports "${specifier}"`);
  }
}

// Folders that must import nothing from outside themselves.
const SELF_CONTAINED = ["provider/transport"];
const leaks = [...edges].filter(([from]) => SELF_CONTAINED.some((f) => from === f || from.startsWith(`${f}/`)))
  .flatMap(([from, targets]) => [...targets].filter(([to]) => !SELF_CONTAINED.some((f) => to === f || to.startsWith(`${f}/`))).map(([, example]) => `${from} must import nothing outside itself: ${example}`));

// Depth-first search; a back edge closes a cycle.
const state = new Map();
const cycles = [];
function visit(folder, stack) {
  state.set(folder, "open");
  stack.push(folder);
  for (const next of edges.get(folder)?.keys() ?? []) {
    if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
    else if (!state.has(next)) visit(next, stack);
  }
  stack.pop();
  state.set(folder, "done");
}
for (const folder of [...edges.keys()].sort()) if (!state.has(folder)) visit(folder, []);

for (const leak of leaks) process.stderr.write(`${leak}\n`);
if (cycles.length) {
  for (const cycle of cycles) {
    process.stderr.write(`folder import cycle: ${cycle.join(" -> ")}\n`);
    for (let i = 0; i + 1 < cycle.length; i++) process.stderr.write(`  ${edges.get(cycle[i]).get(cycle[i + 1])}\n`);
  }
  process.stderr.write("Move the shared code down into a folder both can import, so that imports point one way.\n");
  process.exit(1);
}
if (leaks.length) process.exit(1);
process.stdout.write(`no folder import cycles (${edges.size} folders with imports checked)\n`);
