import { describe, expect, it } from "vitest";

import { contactCreateInput, contactFormValues, contactUpdateInput, type EditableContact } from "../utils/contactInput";
import { FALLBACK_TIME_ZONES, timeZoneMatches, timeZoneNames, timeZoneOptions, utcOffset, zoneName } from "../utils/timeZoneOptions";

const JANUARY = new Date("2026-01-15T12:00:00Z");
const JULY = new Date("2026-07-15T12:00:00Z");

describe("a zone's name for people", () => {
  it("is the reader's language's name, not the IANA code", () => {
    expect(zoneName("Europe/Berlin", "zh-CN", JULY)).toBe("中欧时间");
    expect(zoneName("America/Los_Angeles", "zh-CN", JULY)).toBe("北美太平洋时间");
    expect(zoneName("Europe/Berlin", "en", JULY)).toBe("Central European Time");
  });

  it("falls back to the IANA name for a zone the engine does not know", () => {
    expect(zoneName("Mars/Olympus_Mons", "zh-CN", JULY)).toBe("Mars/Olympus_Mons");
  });
});

describe("time zone choices", () => {
  it("label each zone with its offset at that moment, daylight saving included", () => {
    expect(utcOffset("Asia/Shanghai", JANUARY)).toBe("UTC+08:00");
    expect(utcOffset("America/Los_Angeles", JANUARY)).toBe("UTC-08:00");
    expect(utcOffset("America/Los_Angeles", JULY)).toBe("UTC-07:00");
    expect(utcOffset("UTC", JULY)).toBe("UTC+00:00");
    expect(utcOffset("Mars/Olympus_Mons", JULY)).toBeNull();
    expect(timeZoneOptions(null, { at: JULY, names: ["Europe/Berlin"] })).toEqual([{ value: "Europe/Berlin", label: "Europe/Berlin (UTC+02:00)" }]);
  });

  it("fall back to a short list when the browser cannot list its zones", () => {
    expect(timeZoneNames({})).toEqual([...FALLBACK_TIME_ZONES]);
    expect(timeZoneNames({ supportedValuesOf: () => { throw new RangeError("timeZone"); } })).toContain("Asia/Shanghai");
    expect(timeZoneNames({ supportedValuesOf: () => ["Asia/Tokyo"] })).toEqual(["Asia/Tokyo", "UTC"]);
  });

  it("keep a zone the contact has that the browser does not list", () => {
    expect(timeZoneOptions("Asia/Kolkata", { at: JULY, names: ["UTC"] }).map((option) => option.value)).toEqual(["Asia/Kolkata", "UTC"]);
  });

  it("are found by city with spaces or underscores, or by offset", () => {
    const [la] = timeZoneOptions(null, { at: JANUARY, names: ["America/Los_Angeles"] });
    expect(timeZoneMatches("los angeles", la)).toBe(true);
    expect(timeZoneMatches("Los_Angeles", la)).toBe(true);
    expect(timeZoneMatches("-08", la)).toBe(true);
    expect(timeZoneMatches("berlin", la)).toBe(false);
  });
});

describe("a contact's time zone in the form's input", () => {
  const WRITES = { title: true, isPrimary: true, phones: true, emails: true, language: true, timeZone: true };
  const CONTACT: EditableContact = { id: "Q29udGFjdDox", version: 3, name: "王芳", isPrimary: true, language: "zh-CN", timeZone: null };

  it("is sent for a new contact when chosen, only by a viewer who may write it", () => {
    const values = { ...contactFormValues(null, WRITES), name: "Jane Doe", timeZone: "America/Los_Angeles" };
    expect(contactCreateInput("Q3Vz", values, WRITES)).toEqual({ customerId: "Q3Vz", name: "Jane Doe", timeZone: "America/Los_Angeles" });
    expect(contactCreateInput("Q3Vz", values, { ...WRITES, timeZone: false })).toEqual({ customerId: "Q3Vz", name: "Jane Doe" });
  });

  it("is sent on an edit when it changed; cleared (undefined from the select) is null", () => {
    const berlin = { ...CONTACT, timeZone: "Europe/Berlin" };
    expect(contactFormValues(berlin, WRITES).timeZone).toBe("Europe/Berlin");
    expect(contactUpdateInput(berlin, { ...contactFormValues(berlin, WRITES), timeZone: undefined }, WRITES)).toEqual({ id: CONTACT.id, version: 3, timeZone: null });
    expect(contactUpdateInput(CONTACT, { ...contactFormValues(CONTACT, WRITES), timeZone: "Asia/Tokyo" }, WRITES)).toEqual({ id: CONTACT.id, version: 3, timeZone: "Asia/Tokyo" });
    expect(contactUpdateInput(CONTACT, { ...contactFormValues(CONTACT, WRITES), timeZone: undefined }, WRITES)).toBeNull();
    expect(contactUpdateInput(berlin, { ...contactFormValues(berlin, WRITES), timeZone: null }, { ...WRITES, timeZone: false })).toBeNull();
  });
});
