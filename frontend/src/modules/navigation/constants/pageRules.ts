import type { PageRule } from "../../permissions/utils/pageRule";

/** Staff work tickets in the service console; portal customers (no internal notes) have the portal instead. */
const STAFF_DESK: PageRule = { all: [{ query: "tickets" }, { field: ["Ticket", "internalNotes"] }] };
const PORTAL_CUSTOMER: PageRule = {
  all: [{ mutation: "ticketCreate" }, { not: { field: ["Ticket", "internalNotes"] } }, { not: { query: "customers" } }],
};
const CUSTOMERS: PageRule = { query: "customers" };
const PIPELINE: PageRule = { query: "opportunities" };
const SERVICE = STAFF_DESK;

/**
 * Who opens each signed-in route of the route table (AppRoutes, keyed by its `path`; "/" is the index route): the
 * side navigation shows a page by its rule, and `scripts/pageOperations.mjs` writes these rules with each route's
 * operations into `src/generated/page-operations.json`, from which the server's coverage test knows which
 * operations each role's pages send. A detail route has its list's rule unless its code says otherwise. This file
 * is data only (the script evaluates it without the app): import nothing but types.
 */
export const PAGE_RULES = {
  "/": { signedIn: true },
  "/customers": CUSTOMERS,
  // The 360° page asks `customer(id)`, and the pages that link to it (a ticket's customer, the phone lookup, a
  // notification) do so for whoever may run that query, not only for those who open the customer list.
  "/customers/:id": { query: "customer" },
  // No menu item: the customers list's import button and an import's notification link to it.
  "/customers/import": { all: [{ mutation: "importPreview" }, { query: "importBatches" }] },
  // No menu item: the dashboards' "customers at churn risk" widget links to it (its "view all").
  "/customers/at-risk": { query: "customersAtRisk" },
  "/pipeline": PIPELINE,
  "/opportunities": PIPELINE,
  // Reached from a customer's deals and the search box as well as the pipeline: it asks `opportunity(id)`.
  "/opportunities/:id": { query: "opportunity" },
  "/approvals": { mutation: "approvalDecide" },
  "/leads": { query: "leads" },
  "/pool": { query: "publicPool" },
  "/service": SERVICE,
  "/service/tickets/:id": SERVICE,
  "/portal/*": PORTAL_CUSTOMER,
  "/dashboards": { any: [{ query: "salesPerformance" }, { query: "serviceStats" }, { query: "customerGroups" }] },
  // How well the prediction models do: administrators and analysts (the roles that read the runs).
  "/prediction-models": { query: "predictionModelRuns" },
  "/kb": { all: [{ mutation: "kbArticleSave" }, { query: "kbSearch" }] },
  // No menu item: the notifications bell links to it.
  "/notifications": { query: "notifications" },
  // No menu item: each list's export control and an export's notification link to it.
  "/my-exports": { query: "myExports" },
  "/marketing/journeys": { query: "journeys" },
  // Reached from the journeys list: it asks `journey(id)` ("new" opens an empty editor).
  "/marketing/journeys/:id": { query: "journey" },
  // Every figure reads revenue: the backend refuses it to roles that may not read order amounts.
  "/marketing/dashboard": { all: [{ query: "marketingFigures" }, { field: ["Order", "totalAmount"] }] },
  "/admin/*": { admin: true },
  // The marketing workspace (segments, campaigns, consent and suppression): each section and its operations are
  // shown to viewers who may run them (the journeys and the dashboard are routes of their own, and a viewer who may
  // open only those is sent there from /marketing: the menu item leads them to it too).
  "/marketing/*": {
    any: [
      { query: "segments" },
      { query: "campaigns" },
      { query: "suppressions" },
      { query: "journeys" },
      { all: [{ query: "marketingFigures" }, { field: ["Order", "totalAmount"] }] },
    ],
  },
} as const satisfies Record<string, PageRule>;

export type SignedInRoute = keyof typeof PAGE_RULES;
