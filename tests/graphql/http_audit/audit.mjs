// Runs graphql-http's GraphQL over HTTP server audits against a running Rapport and prints the results as JSON
// (one object per audit: id, name, status, reason). Usage: node audit.mjs http://127.0.0.1:8000/graphql
import { serverAudits } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: node audit.mjs <graphql url>");
  process.exit(2);
}
const results = [];
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  const entry = { id: result.id, name: result.name, status: result.status };
  if (result.status !== "ok") {
    entry.reason = result.reason;
    entry.responseStatus = result.response.status;
    entry.responseBody = await result.response.text().catch(() => "");
  }
  results.push(entry);
}
console.log(JSON.stringify(results, null, 2));
