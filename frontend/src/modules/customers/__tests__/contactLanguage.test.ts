import { describe, expect, it } from "vitest";

import { contactCreateInput, contactFormValues, contactUpdateInput, type EditableContact } from "../utils/contactInput";

const WRITES = { title: true, isPrimary: true, phones: true, emails: true, language: true };
const CONTACT: EditableContact = { id: "Q29udGFjdDox", version: 3, name: "王芳", isPrimary: true, language: "zh-CN" };

describe("a contact's email language", () => {
  it("starts as the contact's, or Chinese for a new contact", () => {
    expect(contactFormValues(CONTACT, WRITES).language).toBe("zh-CN");
    expect(contactFormValues({ ...CONTACT, language: "en" }, WRITES).language).toBe("en");
    expect(contactFormValues(null, WRITES).language).toBe("zh-CN");
  });

  it("is sent when it changed and the viewer may write it", () => {
    const values = { ...contactFormValues(CONTACT, WRITES), language: "en" };
    expect(contactUpdateInput(CONTACT, values, WRITES)).toEqual({ id: CONTACT.id, version: 3, language: "en" });
    expect(contactUpdateInput(CONTACT, values, { ...WRITES, language: false })).toBeNull();
    expect(contactUpdateInput(CONTACT, contactFormValues(CONTACT, WRITES), WRITES)).toBeNull();
  });

  it("is sent for a new contact only when it is not the default", () => {
    const values = { ...contactFormValues(null, WRITES), name: "Jane Doe" };
    expect(contactCreateInput("Q3Vz", values, WRITES)).toEqual({ customerId: "Q3Vz", name: "Jane Doe" });
    expect(contactCreateInput("Q3Vz", { ...values, language: "en" }, WRITES)).toEqual({ customerId: "Q3Vz", name: "Jane Doe", language: "en" });
  });
});
