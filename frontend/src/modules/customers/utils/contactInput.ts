import type { ContactCreateInput, ContactUpdateInput } from "../../../generated/graphql";

/** What the contact form holds. */
export type ContactFormValues = {
  name: string;
  title?: string | null;
  isPrimary?: boolean;
  phones?: string[];
  emails?: string[];
  /** The language Rapport writes to them in: zh-CN or en. */
  language?: string;
  /** Where they live, an IANA zone (marketing's quiet hours are theirs); null: the company's zone. */
  timeZone?: string | null;
};

/** The languages Rapport writes to contacts in, and the default. */
export const CONTACT_LANGUAGES = ["zh-CN", "en"] as const;
const DEFAULT_LANGUAGE = "zh-CN";

/** A contact as the 360° page read it (phones and emails as the viewer may see them: maybe masked, maybe absent). */
export type EditableContact = {
  id: string;
  version: number;
  name: string;
  title?: string | null;
  isPrimary: boolean;
  phones?: readonly string[] | null;
  emails?: readonly string[] | null;
  language?: string | null;
  timeZone?: string | null;
};

/** Which contact fields the viewer may write (`Contact.<field>` WRITE in the policy). */
export type ContactWrites = { title: boolean; isPrimary: boolean; phones: boolean; emails: boolean; language?: boolean; timeZone?: boolean };

/** A value the server masked (138****5678, w***@example.cn): never a real phone or email to send back. */
export const isMaskedValue = (value: string): boolean => value.includes("*");

const clean = (values: readonly string[] | null | undefined): string[] => {
  const seen: string[] = [];
  for (const value of values ?? []) {
    const trimmed = value.trim();
    if (trimmed && !seen.includes(trimmed)) seen.push(trimmed);
  }
  return seen;
};

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, i) => value === b[i]);

/** The form's starting values; phones and emails only when the viewer may write them (else they are not edited). */
export const contactFormValues = (contact: EditableContact | null, writes: ContactWrites): ContactFormValues =>
  contact
    ? {
        name: contact.name,
        title: contact.title ?? null,
        isPrimary: contact.isPrimary,
        phones: writes.phones ? clean(contact.phones) : [],
        emails: writes.emails ? clean(contact.emails) : [],
        language: contact.language ?? DEFAULT_LANGUAGE,
        timeZone: contact.timeZone ?? null,
      }
    : { name: "", title: null, isPrimary: false, phones: [], emails: [], language: DEFAULT_LANGUAGE, timeZone: null };

/** A list the form may send: what the viewer wrote, never a masked value. */
const writable = (values: readonly string[] | undefined, allowed: boolean): string[] | null => {
  if (!allowed) return null;
  const list = clean(values);
  return list.some(isMaskedValue) ? null : list;
};

/** The contactCreate input of a new contact: only the fields the viewer may write. */
export const contactCreateInput = (customerId: string, values: ContactFormValues, writes: ContactWrites): ContactCreateInput => {
  const input: ContactCreateInput = { customerId, name: values.name.trim() };
  const title = values.title?.trim();
  if (writes.title && title) input.title = title;
  if (writes.isPrimary && values.isPrimary) input.isPrimary = true;
  const phones = writable(values.phones, writes.phones);
  if (phones && phones.length > 0) input.phones = phones;
  const emails = writable(values.emails, writes.emails);
  if (emails && emails.length > 0) input.emails = emails;
  if (writes.language && values.language && values.language !== DEFAULT_LANGUAGE) input.language = values.language;
  if (writes.timeZone && values.timeZone) input.timeZone = values.timeZone;
  return input;
};

/**
 * The contactUpdate input with only what changed and the version read, or null when nothing did. Phones and
 * emails go only when the viewer may write them and changed them: a masked number the viewer saw is never sent
 * back (it would replace the real one).
 */
export const contactUpdateInput = (contact: EditableContact, values: ContactFormValues, writes: ContactWrites): ContactUpdateInput | null => {
  const input: ContactUpdateInput = { id: contact.id, version: contact.version };
  let changed = false;
  const name = values.name.trim();
  if (name && name !== contact.name) {
    input.name = name;
    changed = true;
  }
  const title = values.title?.trim() || null;
  if (writes.title && title !== (contact.title ?? null)) {
    input.title = title;
    changed = true;
  }
  if (writes.isPrimary && Boolean(values.isPrimary) !== contact.isPrimary) {
    input.isPrimary = Boolean(values.isPrimary);
    changed = true;
  }
  const phones = writable(values.phones, writes.phones && !(contact.phones ?? []).some(isMaskedValue));
  if (phones && !sameList(phones, clean(contact.phones))) {
    input.phones = phones;
    changed = true;
  }
  const emails = writable(values.emails, writes.emails && !(contact.emails ?? []).some(isMaskedValue));
  if (emails && !sameList(emails, clean(contact.emails))) {
    input.emails = emails;
    changed = true;
  }
  if (writes.language && contact.language && values.language && values.language !== contact.language) {
    input.language = values.language;
    changed = true;
  }
  // Cleared (antd's allowClear leaves undefined): null, the company's zone.
  const timeZone = values.timeZone || null;
  if (writes.timeZone && contact.timeZone !== undefined && timeZone !== contact.timeZone) {
    input.timeZone = timeZone;
    changed = true;
  }
  return changed ? input : null;
};
