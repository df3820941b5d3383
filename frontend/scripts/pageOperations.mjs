// Writes src/generated/page-operations.json: for each route of the route table (AppRoutes), its page rule (PAGE_RULES)
// and the operations its page can send, found by walking the static and dynamic relative imports from the page's
// entry file and reading the `graphql(...)` / gql documents of every file reached; the operations of the signed-in
// shell (the viewer, the notifications bell, the search box) once, as "shell". The server's coverage test reads it
// (backend/rapport/graphql/pages.py) to know which operations each role's pages send.
//
//   node scripts/pageOperations.mjs           write the file (`npm run codegen` runs it after graphql-codegen)
//   node scripts/pageOperations.mjs --check   fail when the committed file is not what would be written (`make test`)
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

import { Kind, parse } from "graphql";
import { parseSync, transformWithOxc } from "vite";

const ROOT = resolve(import.meta.dirname, "..");
const ROUTES_FILE = join(ROOT, "src/modules/app/components/AppRoutes.tsx");
const RULES_FILE = join(ROOT, "src/modules/navigation/constants/pageRules.ts");
const OUTPUT = join(ROOT, "src/generated/page-operations.json");
const GENERATED = join(ROOT, "src/generated");
const KINDS = ["query", "mutation", "subscription"];

const fail = (message) => {
  console.error(`pageOperations: ${message}`);
  process.exit(1);
};

const display = (file) => relative(ROOT, file).split("\\").join("/");

/** Every AST node under `node` (oxc's ESTree-shaped AST). */
function* nodes(node) {
  if (Array.isArray(node)) {
    for (const item of node) yield* nodes(item);
  } else if (node && typeof node === "object") {
    if (typeof node.type === "string") yield node;
    for (const [key, value] of Object.entries(node)) if (key !== "type" && value && typeof value === "object") yield* nodes(value);
  }
}

const parsed = new Map();
const parseFile = (file) => {
  if (!parsed.has(file)) {
    const result = parseSync(file, readFileSync(file, "utf8"));
    if (result.errors.length > 0) fail(`${display(file)} does not parse: ${result.errors[0].message}`);
    parsed.set(file, result);
  }
  return parsed.get(file);
};

/** The file a relative import names (`./x` -> x.ts, x.tsx or x/index.ts[x]); null for other files (styles...). */
const resolveImport = (from, specifier) => {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")]) {
    if (/\.tsx?$/.test(candidate) && existsSync(candidate)) return candidate;
  }
  if (/\.(css|json|svg|png)$/.test(base)) return null;
  return fail(`${display(from)} imports ${specifier}, which is no TypeScript file`);
};

/** The relative modules a file loads when it runs: static imports and re-exports (not type-only), dynamic imports. */
const importsOf = (file) => {
  const { module } = parseFile(file);
  const source = readFileSync(file, "utf8");
  const specifiers = [];
  for (const item of module.staticImports) {
    if (item.entries.length === 0 || item.entries.some((entry) => !entry.isType)) specifiers.push(item.moduleRequest.value);
  }
  for (const item of module.staticExports) {
    for (const entry of item.entries) if (entry.moduleRequest && !entry.isType) specifiers.push(entry.moduleRequest.value);
  }
  for (const item of module.dynamicImports) {
    const text = source.slice(item.moduleRequest.start, item.moduleRequest.end);
    const literal = /^(["'`])([^"'`$]*)\1$/.exec(text);
    if (!literal) fail(`${display(file)}: a dynamic import of a computed name (${text}) cannot be followed`);
    specifiers.push(literal[2]);
  }
  return specifiers.filter((s) => s.startsWith(".")).map((s) => resolveImport(file, s)).filter(Boolean);
};

/** The operations whose documents a file holds: `graphql(\`...\`)` calls and gql`...` tags. */
const operationsIn = (file) => {
  const found = [];
  for (const node of nodes(parseFile(file).program)) {
    let template = null;
    if (node.type === "CallExpression" && node.callee.type === "Identifier" && node.callee.name === "graphql") {
      template = node.arguments[0]?.type === "TemplateLiteral" ? node.arguments[0] : null;
    } else if (node.type === "TaggedTemplateExpression" && node.tag.type === "Identifier" && node.tag.name === "gql") {
      template = node.quasi;
    }
    if (!template) continue;
    if (template.expressions.length > 0) fail(`${display(file)}: a document with \${...} inside cannot be read`);
    const document = parse(template.quasis.map((quasi) => quasi.value.cooked).join(""));
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      if (!definition.name) fail(`${display(file)}: every operation needs a name`);
      found.push({ name: definition.name.value, kind: definition.operation });
    }
  }
  return found;
};

/** The operations the module graph from `entry` can send, by kind, each list sorted. */
const operationsFrom = (entry) => {
  const seen = new Set([entry]);
  const pending = [entry];
  const byKind = Object.fromEntries(KINDS.map((kind) => [kind, new Set()]));
  while (pending.length > 0) {
    const file = pending.pop();
    for (const { name, kind } of operationsIn(file)) byKind[kind].add(name);
    for (const next of importsOf(file)) {
      if (!seen.has(next) && !next.startsWith(GENERATED)) {
        seen.add(next);
        pending.push(next);
      }
    }
  }
  return Object.fromEntries(KINDS.map((kind) => [kind, [...byKind[kind]].sort()]));
};

const attribute = (element, name) => element.openingElement.attributes.find((a) => a.type === "JSXAttribute" && a.name.name === name);

/** The route table: each <Route>'s path ("/" for the index route), its page's entry file, and whether it sits under
 * the pathless layout route (the signed-in shell), whose entry is returned too. */
const routeTable = () => {
  const { program } = parseFile(ROUTES_FILE);
  const lazyFiles = new Map();
  for (const node of nodes(program)) {
    if (node.type !== "VariableDeclarator" || node.init?.type !== "CallExpression" || node.init.callee.name !== "lazy") continue;
    const load = [...nodes(node.init)].find((inner) => inner.type === "ImportExpression");
    if (load?.source.type !== "Literal") fail(`AppRoutes: ${node.id.name} is not lazy(() => import("..."))`);
    lazyFiles.set(node.id.name, resolveImport(ROUTES_FILE, load.source.value));
  }
  const entryOf = (element) => {
    const value = attribute(element, "element")?.value;
    const page = value?.type === "JSXExpressionContainer" ? value.expression : null;
    const name = page?.type === "JSXElement" ? page.openingElement.name.name : null;
    if (!lazyFiles.has(name)) fail(`AppRoutes: a route's element is not one of the lazily loaded pages (${name})`);
    return lazyFiles.get(name);
  };
  const routes = [];
  let shell = null;
  const visit = (element, signedIn) => {
    const isRoute = element.type === "JSXElement" && element.openingElement.name.name === "Route";
    if (!isRoute) {
      for (const child of element.children ?? []) visit(child, signedIn);
      return;
    }
    const path = attribute(element, "index") ? "/" : attribute(element, "path")?.value?.value;
    if (path === undefined) {
      if (shell) fail("AppRoutes: more than one layout route");
      shell = entryOf(element);
      for (const child of element.children) visit(child, true);
      return;
    }
    routes.push({ path, entry: entryOf(element), signedIn });
  };
  const table = [...nodes(program)].find((node) => node.type === "JSXElement" && node.openingElement.name.name === "Routes");
  if (!table) fail("AppRoutes has no <Routes>");
  for (const child of table.children) visit(child, false);
  if (!shell) fail("AppRoutes has no layout route for the signed-in pages");
  return { routes, shell };
};

/** PAGE_RULES, evaluated without the app (the file holds data and type imports only). */
const pageRules = async () => {
  const { code } = await transformWithOxc(readFileSync(RULES_FILE, "utf8"), RULES_FILE);
  if (/^\s*import\s+(?!type\b)/m.test(code)) fail(`${display(RULES_FILE)} must import nothing but types`);
  const module = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  return module.PAGE_RULES;
};

const build = async () => {
  const { routes, shell } = routeTable();
  const rules = await pageRules();
  const signedIn = routes.filter((route) => route.signedIn).map((route) => route.path);
  const unruled = signedIn.filter((path) => !(path in rules));
  const stale = Object.keys(rules).filter((path) => !signedIn.includes(path));
  if (unruled.length > 0) fail(`give these signed-in routes a rule in ${display(RULES_FILE)}: ${unruled.join(", ")}`);
  if (stale.length > 0) fail(`${display(RULES_FILE)} has rules for routes AppRoutes does not have: ${stale.join(", ")}`);
  return {
    "//": "Generated by scripts/pageOperations.mjs (npm run codegen) from the route table and PAGE_RULES: do not edit.",
    shell: { entry: display(shell), operations: operationsFrom(shell) },
    routes: routes.map((route) => ({
      path: route.path,
      entry: display(route.entry),
      signedIn: route.signedIn,
      rule: route.signedIn ? rules[route.path] : null,
      operations: operationsFrom(route.entry),
    })),
  };
};

const text = `${JSON.stringify(await build(), null, 2)}\n`;
if (process.argv.includes("--check")) {
  if (!existsSync(OUTPUT) || readFileSync(OUTPUT, "utf8") !== text) {
    fail(`${display(OUTPUT)} is stale: run 'cd frontend && npm run codegen' and commit it.`);
  }
} else {
  writeFileSync(OUTPUT, text);
}
