import { describe, expect, it } from "vitest";

import { callerContactId, phoneFits } from "../utils/callerContact";

describe("phoneFits", () => {
  it("fits a masked phone whose visible digits sit where the typed number has them", () => {
    expect(phoneFits("138****5678", "13812345678")).toBe(true);
    expect(phoneFits("138****5678", "+86 138 1234 5678")).toBe(true);
    expect(phoneFits("138****5678", "13912345678")).toBe(false);
    expect(phoneFits("138****5678", "5678")).toBe(false);
  });

  it("fits a clear phone on its last digits", () => {
    expect(phoneFits("+8613812345678", "138-1234-5678")).toBe(true);
    expect(phoneFits("+8613812345678", "13812345679")).toBe(false);
    expect(phoneFits("+8613812345678", "345678")).toBe(false);
  });
});

describe("callerContactId", () => {
  const contacts = [
    { id: "a", phones: ["139****0000"] },
    { id: "b", phones: ["138****5678", "021****4567"] },
  ];

  it("picks the contact whose phone fits", () => {
    expect(callerContactId("13812345678", contacts)).toBe("b");
  });

  it("picks the only contact, and nobody when it cannot tell", () => {
    expect(callerContactId("13700000000", [{ id: "c", phones: null }])).toBe("c");
    expect(callerContactId("13700000000", contacts)).toBeNull();
  });
});
