import dayjs, { type Dayjs } from "dayjs";

import type { CustomerUpdateInput, Gender, MaritalStatus, RiskLevel } from "../../../generated/graphql";

/** The profile fields the 360° page shows and edits (GraphQL names). */
export const PROFILE_EDIT_FIELDS = ["gender", "birthDate", "occupation", "education", "maritalStatus", "creditRating", "riskLevel"] as const;

export type ProfileField = (typeof PROFILE_EDIT_FIELDS)[number];

/** The fields that describe a person (the customer analysis groups persons by them): not shown for companies. */
export const PERSON_FIELDS: ReadonlySet<string> = new Set(["gender", "birthDate", "ageBand", "occupation", "education", "maritalStatus"]);

/** Whether a profile field applies to a customer of this kind (unknown kind: every field). */
export const profileFieldApplies = (field: string, kind: string | null | undefined): boolean => kind !== "COMPANY" || !PERSON_FIELDS.has(field);

export type ProfileFormValues = {
  gender?: Gender | null;
  birthDate?: Dayjs | null;
  occupation?: string | null;
  education?: string | null;
  maritalStatus?: MaritalStatus | null;
  creditRating?: string | null;
  riskLevel?: RiskLevel | null;
};

/** The profile as the 360° page read it (fields the viewer may not read are absent). */
export type CustomerProfile = {
  id: string;
  version: number;
  kind?: string | null;
  gender?: Gender | null;
  birthDate?: string | null;
  occupation?: string | null;
  education?: string | null;
  maritalStatus?: MaritalStatus | null;
  creditRating?: string | null;
  riskLevel?: RiskLevel | null;
};

const DAY = "YYYY-MM-DD";

export const profileFormValues = (customer: CustomerProfile): ProfileFormValues => ({
  gender: customer.gender ?? null,
  birthDate: customer.birthDate ? dayjs(customer.birthDate) : null,
  occupation: customer.occupation ?? null,
  education: customer.education ?? null,
  maritalStatus: customer.maritalStatus ?? null,
  creditRating: customer.creditRating ?? null,
  riskLevel: customer.riskLevel ?? null,
});

const normalise = (field: ProfileField, value: unknown): string | null => {
  if (value === undefined || value === null || value === "") return null;
  if (field === "birthDate") return dayjs(value as Dayjs | string).format(DAY);
  return typeof value === "string" ? value.trim() || null : String(value);
};

/**
 * The customerUpdate input of the fields the viewer may write and changed, with the version read; null when
 * nothing changed. Fields the viewer may only read are never sent.
 */
export const profileUpdateInput = (
  customer: CustomerProfile,
  values: ProfileFormValues,
  writable: ReadonlySet<ProfileField>,
): CustomerUpdateInput | null => {
  const input: Record<string, unknown> = { id: customer.id, version: customer.version };
  let changed = false;
  for (const field of PROFILE_EDIT_FIELDS) {
    if (!writable.has(field)) continue;
    const next = normalise(field, values[field]);
    if (next === normalise(field, customer[field])) continue;
    input[field] = next;
    changed = true;
  }
  return changed ? (input as CustomerUpdateInput) : null;
};
