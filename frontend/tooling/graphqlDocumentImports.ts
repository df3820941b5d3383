import path from "node:path";

import type { Plugin } from "vite";

/**
 * Build-time stand-in for the client preset's Babel plugin: each `graphql(`...`)` call becomes an import of
 * that operation's own document from src/generated/graphql.ts. Without it every page would carry the
 * generated lookup table holding every operation of the app; with it a chunk holds only the documents it uses.
 */

const GRAPHQL_CALL = /\bgraphql\(\s*`([^`]*)`\s*\)/g;
const GRAPHQL_IMPORT = /^import\s*\{\s*graphql\s*\}\s*from\s*["'][^"']*\/generated(?:\/index)?(?:\.ts)?["'];?[ \t]*\r?\n?/m;
const FIRST_DEFINITION = /\b(query|mutation|subscription|fragment)\s+([_A-Za-z][_0-9A-Za-z]*)/;

/** The name codegen's client preset gives the document's first definition, e.g. ViewerDocument. */
export const generatedDocumentName = (document: string): string => {
  const match = FIRST_DEFINITION.exec(document);
  if (!match?.[2]) throw new Error(`graphql() document has no named operation or fragment: ${document.trim()}`);
  return match[1] === "fragment" ? `${match[2]}FragmentDoc` : `${match[2]}Document`;
};

/** Rewrites `code`, or returns null when it has no graphql() call. */
export const inlineGraphqlDocuments = (code: string, generatedModule: string): string | null => {
  const names = new Set<string>();
  const rewritten = code.replace(GRAPHQL_CALL, (_call, document: string) => {
    const name = generatedDocumentName(document);
    names.add(name);
    return `__generated_${name}`;
  });
  if (names.size === 0) return null;
  const imports = [...names]
    .map((name) => `import { ${name} as __generated_${name} } from ${JSON.stringify(generatedModule)};`)
    .join("\n");
  return `${imports}\n${rewritten.replace(GRAPHQL_IMPORT, "")}`;
};

export const graphqlDocumentImports = (root: string): Plugin => {
  const sourceDir = path.join(root, "src") + path.sep;
  const generatedDir = path.join(root, "src", "generated") + path.sep;
  const generatedModule = path.join(root, "src", "generated", "graphql.ts").split(path.sep).join("/");
  return {
    name: "rapport:graphql-document-imports",
    apply: "build",
    enforce: "pre",
    transform(code, id) {
      const file = id.split("?")[0] ?? id;
      if (!/\.tsx?$/.test(file) || !file.startsWith(sourceDir) || file.startsWith(generatedDir)) return null;
      if (!code.includes("graphql(")) return null;
      const rewritten = inlineGraphqlDocuments(code, generatedModule);
      return rewritten === null ? null : { code: rewritten, map: null };
    },
  };
};
