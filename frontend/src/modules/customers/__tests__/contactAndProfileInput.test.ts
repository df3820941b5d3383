import dayjs from "dayjs";
import { describe, expect, it } from "vitest";

import { contactCreateInput, contactFormValues, contactUpdateInput, isMaskedValue, type EditableContact } from "../utils/contactInput";
import { profileFormValues, profileUpdateInput, type CustomerProfile } from "../utils/profileInput";
import { tagSuggestions } from "../utils/tagSuggestions";

const ALL = { title: true, isPrimary: true, phones: true, emails: true };
const NAMES_ONLY = { title: true, isPrimary: true, phones: false, emails: false };
const CONTACT: EditableContact = {
  id: "Q29udGFjdDox",
  version: 2,
  name: "王芳",
  title: "采购经理",
  isPrimary: true,
  phones: ["+8613600001111"],
  emails: ["wang@example.cn"],
};

describe("contact inputs", () => {
  it("creates a contact with what the viewer may write, lists cleaned of blanks and repeats", () => {
    const values = { name: " 李明 ", title: "", isPrimary: true, phones: [" 13800001111", "13800001111", ""], emails: [] };
    expect(contactCreateInput("Q3Vz", values, ALL)).toEqual({ customerId: "Q3Vz", name: "李明", isPrimary: true, phones: ["13800001111"] });
    expect(contactCreateInput("Q3Vz", values, NAMES_ONLY)).toEqual({ customerId: "Q3Vz", name: "李明", isPrimary: true });
  });

  it("sends only what changed, and phones only when they changed", () => {
    expect(contactUpdateInput(CONTACT, contactFormValues(CONTACT, ALL), ALL)).toBeNull();
    const values = { ...contactFormValues(CONTACT, ALL), title: "采购总监", phones: ["+8613600001111", "13900002222"] };
    expect(contactUpdateInput(CONTACT, values, ALL)).toEqual({
      id: CONTACT.id,
      version: 2,
      title: "采购总监",
      phones: ["+8613600001111", "13900002222"],
    });
  });

  it("never sends back a masked phone or email the viewer saw", () => {
    const masked: EditableContact = { ...CONTACT, phones: ["136****1111"], emails: ["w***@example.cn"] };
    expect(isMaskedValue("136****1111")).toBe(true);
    // A viewer who may not write phones does not even get them in the form.
    expect(contactFormValues(masked, NAMES_ONLY)).toMatchObject({ phones: [], emails: [] });
    const renamed = { ...contactFormValues(masked, NAMES_ONLY), name: "王芳芳" };
    expect(contactUpdateInput(masked, renamed, NAMES_ONLY)).toEqual({ id: CONTACT.id, version: 2, name: "王芳芳" });
    // Even with a write grant, masked values (a policy out of step) are not sent.
    const edited = { ...contactFormValues(masked, ALL), name: "王芳芳" };
    expect(contactUpdateInput(masked, edited, ALL)).toEqual({ id: CONTACT.id, version: 2, name: "王芳芳" });
    expect(contactCreateInput("Q3Vz", { name: "x", phones: ["136****1111"] }, ALL)).toEqual({ customerId: "Q3Vz", name: "x" });
  });
});

const PERSON: CustomerProfile = {
  id: "Q3Vz",
  version: 5,
  gender: "FEMALE",
  birthDate: "1990-07-15",
  occupation: "教师",
  education: null,
  maritalStatus: "MARRIED",
  creditRating: "AA",
  riskLevel: "LOW",
};

describe("profileUpdateInput", () => {
  const every = new Set(["gender", "birthDate", "occupation", "education", "maritalStatus", "creditRating", "riskLevel"] as const);

  it("is null when nothing changed", () => {
    expect(profileUpdateInput(PERSON, profileFormValues(PERSON), every)).toBeNull();
  });

  it("sends the changed fields the viewer may write, dates as days, blanks as null", () => {
    const values = { ...profileFormValues(PERSON), birthDate: dayjs("1991-01-02"), occupation: "  ", riskLevel: "HIGH" as const, education: "本科" };
    expect(profileUpdateInput(PERSON, values, every)).toEqual({
      id: "Q3Vz",
      version: 5,
      birthDate: "1991-01-02",
      occupation: null,
      education: "本科",
      riskLevel: "HIGH",
    });
  });

  it("never sends a field the viewer may only read", () => {
    const values = { ...profileFormValues(PERSON), creditRating: "C", riskLevel: "HIGH" as const };
    expect(profileUpdateInput(PERSON, values, new Set(["gender"] as const))).toBeNull();
  });
});

describe("tagSuggestions", () => {
  it("offers the tags the customer lacks that contain the text, by name", () => {
    const all = [{ name: "VIP" }, { name: "重点客户" }, { name: "vip-2025" }, { name: "合作伙伴" }];
    expect(tagSuggestions(all, [{ name: "VIP" }], "vi")).toEqual(["vip-2025"]);
    expect(tagSuggestions(all, [], "")).toEqual(["VIP", "vip-2025", "合作伙伴", "重点客户"].sort((a, b) => a.localeCompare(b)));
  });
});
