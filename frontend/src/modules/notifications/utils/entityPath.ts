/** The type name inside a Relay global id (url-safe base64 of "Type:uuid"), or null when it is not one. */
export const globalIdType = (globalId: string): string | null => {
  try {
    const base64 = globalId.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    const decoded = atob(padded);
    const separator = decoded.indexOf(":");
    return separator > 0 ? decoded.slice(0, separator) : null;
  } catch {
    return null;
  }
};

/** The SPA page showing the object behind a global id, or null when it has none. */
export const entityPath = (globalId: string | null | undefined): string | null => {
  if (!globalId) return null;
  switch (globalIdType(globalId)) {
    case "Customer":
      return `/customers/${globalId}`;
    case "Ticket":
      return `/service/tickets/${globalId}`;
    case "Opportunity":
      return "/pipeline";
    case "Lead":
      return "/leads";
    case "Export":
      return "/my-exports";
    case "Import":
      return "/customers/import";
    default:
      return null;
  }
};
