import type { PermissionIndex } from "../../permissions/utils/permissionIndex";

/** What a search text is matched against, mirroring the server: phone digits, a whole email, or names. */
export type CustomerSearchKind = "phone" | "email" | "name";

const PHONE_FRAGMENT = /^[+\d][\d\s\-()]*$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export const customerSearchKind = (text: string): CustomerSearchKind => {
  const query = text.trim();
  if (PHONE_FRAGMENT.test(query) && query.replace(/\D/g, "").length >= 4) return "phone";
  if (EMAIL.test(query.toLowerCase())) return "email";
  return "name";
};

/**
 * True when the server would let this viewer search for `text`: by phone or email only with those fields
 * unmasked, by name with customer and contact names readable.
 */
export const canSearchCustomers = (p: PermissionIndex, text: string): boolean => {
  switch (customerSearchKind(text)) {
    case "phone":
      return p.has("Contact", "phones", "READ");
    case "email":
      return p.has("Contact", "emails", "READ");
    case "name":
      return p.has("Customer", "name", "READ") && p.has("Contact", "name", "READ");
  }
};
