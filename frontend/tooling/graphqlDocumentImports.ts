import { readFileSync } from "node:fs";
import path from "node:path";

import type { Plugin } from "vite";

/**
 * Build-time stand-in for the client preset's Babel plugin: each `graphql(`...`)` call becomes that
 * operation's own document, inlined as the AST literal codegen wrote into src/generated/graphql.ts.
 * Importing the documents from the generated module instead would put every document the app uses into one
 * shared chunk (the module is shared by every route), which /login would then download; inlined, a chunk
 * holds only the documents its own modules use.
 */

const GRAPHQL_CALL = /\bgraphql\(\s*`([^`]*)`\s*\)/g;
const GRAPHQL_IMPORT = /^import\s*\{\s*graphql\s*\}\s*from\s*["'][^"']*\/generated(?:\/index)?(?:\.ts)?["'];?[ \t]*\r?\n?/m;
const FIRST_DEFINITION = /\b(query|mutation|subscription|fragment)\s+([_A-Za-z][_0-9A-Za-z]*)/;
const GENERATED_DOCUMENT = /^export const ([_A-Za-z][_0-9A-Za-z]*(?:Document|FragmentDoc)) = (\{.*\}) as unknown as /gm;

/** The name codegen's client preset gives the document's first definition, e.g. ViewerDocument. */
export const generatedDocumentName = (document: string): string => {
  const match = FIRST_DEFINITION.exec(document);
  if (!match?.[2]) throw new Error(`graphql() document has no named operation or fragment: ${document.trim()}`);
  return match[1] === "fragment" ? `${match[2]}FragmentDoc` : `${match[2]}Document`;
};

/** Every document of the generated module, by name, as the JSON literal of its AST. */
export const generatedDocuments = (generatedSource: string): Map<string, string> => {
  const documents = new Map<string, string>();
  for (const match of generatedSource.matchAll(GENERATED_DOCUMENT)) {
    documents.set(match[1] as string, match[2] as string);
  }
  return documents;
};

/** Rewrites `code`, or returns null when it has no graphql() call. */
export const inlineGraphqlDocuments = (code: string, documents: ReadonlyMap<string, string>): string | null => {
  let found = false;
  const rewritten = code.replace(GRAPHQL_CALL, (_call, document: string) => {
    const name = generatedDocumentName(document);
    const literal = documents.get(name);
    if (literal === undefined) throw new Error(`${name} is not in src/generated/graphql.ts: run \`npm run codegen\``);
    found = true;
    return `(${literal})`;
  });
  return found ? rewritten.replace(GRAPHQL_IMPORT, "") : null;
};

export const graphqlDocumentImports = (root: string): Plugin => {
  const sourceDir = path.join(root, "src") + path.sep;
  const generatedDir = path.join(root, "src", "generated") + path.sep;
  const generatedModule = path.join(root, "src", "generated", "graphql.ts");
  let documents: Map<string, string> = new Map();
  return {
    name: "rapport:graphql-document-imports",
    apply: "build",
    enforce: "pre",
    buildStart() {
      documents = generatedDocuments(readFileSync(generatedModule, "utf8"));
      this.addWatchFile(generatedModule);
    },
    transform(code, id) {
      const file = id.split("?")[0] ?? id;
      if (!/\.tsx?$/.test(file) || !file.startsWith(sourceDir) || file.startsWith(generatedDir)) return null;
      if (!code.includes("graphql(")) return null;
      const rewritten = inlineGraphqlDocuments(code, documents);
      return rewritten === null ? null : { code: rewritten, map: null };
    },
  };
};
