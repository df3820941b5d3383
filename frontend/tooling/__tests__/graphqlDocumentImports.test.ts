import { describe, expect, it } from "vitest";

import { generatedDocumentName, inlineGraphqlDocuments } from "../graphqlDocumentImports";

const OPERATION_FILE = `import { graphql } from "../../../generated";

export const LOGIN_MUTATION = graphql(\`
  mutation Login($input: LoginInput!) {
    login(input: $input) { userErrors { field } }
  }
\`);
`;

describe("generatedDocumentName", () => {
  it("names documents the way the client preset does", () => {
    expect(generatedDocumentName("query Viewer { viewer { id } }")).toBe("ViewerDocument");
    expect(generatedDocumentName("mutation customerCreate($input: X!) { a }")).toBe("customerCreateDocument");
    expect(generatedDocumentName("subscription TicketUpdated { t { id } }")).toBe("TicketUpdatedDocument");
    expect(generatedDocumentName("fragment CustomerCard on Customer { id }")).toBe("CustomerCardFragmentDoc");
  });

  it("refuses an anonymous operation", () => {
    expect(() => generatedDocumentName("{ viewer { id } }")).toThrow(/no named operation/);
  });
});

describe("inlineGraphqlDocuments", () => {
  it("replaces the graphql() call by an import of that one document", () => {
    const code = inlineGraphqlDocuments(OPERATION_FILE, "/app/src/generated/graphql.ts");

    expect(code).toContain('import { LoginDocument as __generated_LoginDocument } from "/app/src/generated/graphql.ts";');
    expect(code).toContain("export const LOGIN_MUTATION = __generated_LoginDocument;");
    expect(code).not.toContain("graphql(");
    expect(code).not.toContain('from "../../../generated"');
  });

  it("leaves files without graphql() alone", () => {
    expect(inlineGraphqlDocuments("export const x = 1;\n", "/g.ts")).toBeNull();
  });
});
