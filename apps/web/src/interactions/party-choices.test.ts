import type { PartyCandidate } from "@crm/client";
import { describe, expect, it } from "vitest";

import { ALREADY_ADDED, availableCandidates, rejectionReason, takenParties } from "./party-choices";

const SUBJECT_ID = "0190a000-0000-7000-8000-000000000001";
const ADA_ID = "0190a000-0000-7000-8000-000000000002";
const LINUS_ID = "0190a000-0000-7000-8000-000000000003";

const subject: PartyCandidate = { source: "contact", id: SUBJECT_ID, name: "Hanna Schulz", detail: null };
const ada: PartyCandidate = { source: "contact", id: ADA_ID, name: "Ada Lovelace", detail: "CTO, Acme" };
const linus: PartyCandidate = { source: "staff", id: LINUS_ID, name: "Linus", detail: null };

function taken(chips: Parameters<typeof takenParties>[2] = []) {
  return takenParties(SUBJECT_ID, "Hanna Schulz", chips);
}

describe("availableCandidates", () => {
  it("leaves out the subject contact", () => {
    expect(availableCandidates([subject, ada], taken())).toEqual([ada]);
  });

  it("leaves out chosen contacts and staff", () => {
    const chips = [
      { rawName: "Ada", contactId: ADA_ID, staffPersonId: null },
      { rawName: "Linus", contactId: null, staffPersonId: LINUS_ID },
    ];
    expect(availableCandidates([ada, linus], taken(chips))).toEqual([]);
  });

  it("keeps a contact whose name is only free text so far", () => {
    const chips = [{ rawName: "Ada Lovelace", contactId: null, staffPersonId: null }];
    expect(availableCandidates([ada], taken(chips))).toEqual([ada]);
  });
});

describe("rejectionReason", () => {
  it("rejects a repeated free-text name", () => {
    const chips = [{ rawName: "Grace Hopper", contactId: null, staffPersonId: null }];
    expect(rejectionReason({ rawName: "  grace HOPPER " }, taken(chips))).toBe(ALREADY_ADDED);
  });

  it("rejects the subject's name as free text", () => {
    expect(rejectionReason({ rawName: "hanna schulz" }, taken())).toBe("Hanna Schulz is the subject of this interaction");
  });

  it("rejects a staff person added twice", () => {
    const chips = [{ rawName: "Linus", contactId: null, staffPersonId: LINUS_ID }];
    expect(rejectionReason({ rawName: "Linus", staffPersonId: LINUS_ID }, taken(chips))).toBe(ALREADY_ADDED);
  });

  it("accepts a new free-text name", () => {
    expect(rejectionReason({ rawName: "Grace Hopper" }, taken())).toBeNull();
  });

  it("accepts any name before the subject loads", () => {
    expect(rejectionReason({ rawName: "Hanna Schulz" }, takenParties(SUBJECT_ID, null, []))).toBeNull();
  });
});
