import { isId } from "@crm/domain";
import { describe, expect, test } from "vitest";

import { GENERATED_FROM, GENERATED_UNTIL, generateWorkspace, type GeneratedInteraction, type WorkspaceShape } from "./dataset";

const SHAPE: WorkspaceShape = {
  name: "test",
  interactions: 5_000,
  contacts: 500,
  companies: 20,
  staff: 5,
  bigCompanyMembers: 100,
};

function allInteractions(seed: number): GeneratedInteraction[] {
  return [...generateWorkspace(SHAPE, seed).interactionBatches(1_000)].flat();
}

describe("generateWorkspace", () => {
  test("the same seed gives the same rows", () => {
    const first = generateWorkspace(SHAPE, 7);
    const second = generateWorkspace(SHAPE, 7);
    expect(second.contacts).toEqual(first.contacts);
    expect(second.memberships).toEqual(first.memberships);
    expect(allInteractions(7)).toEqual(allInteractions(7));
  });

  test("another seed gives other rows", () => {
    expect(allInteractions(8)[0]?.id).not.toBe(allInteractions(7)[0]?.id);
  });

  test("batches do not change the rows", () => {
    const inOne = [...generateWorkspace(SHAPE, 7).interactionBatches(SHAPE.interactions)].flat();
    expect(inOne).toEqual(allInteractions(7));
  });

  test("sizes follow the shape", () => {
    const workspace = generateWorkspace(SHAPE, 7);
    expect(workspace.contacts).toHaveLength(SHAPE.contacts);
    expect(workspace.companies).toHaveLength(SHAPE.companies);
    expect(workspace.staff).toHaveLength(SHAPE.staff);
    expect(allInteractions(7)).toHaveLength(SHAPE.interactions);
  });

  test("the big company has its members, each with one primary membership", () => {
    const workspace = generateWorkspace(SHAPE, 7);
    const bigCompanyId = workspace.companies[0]?.id;
    expect(workspace.memberships.filter((membership) => membership.companyId === bigCompanyId)).toHaveLength(100);
    const primaries = workspace.memberships.filter((membership) => membership.isPrimary).map((membership) => membership.contactId);
    expect(new Set(primaries).size).toBe(primaries.length);
  });

  test("parties average about 2.5 an interaction", () => {
    const interactions = allInteractions(7);
    const mean = interactions.reduce((sum, item) => sum + item.parties.length, 0) / interactions.length;
    expect(mean).toBeGreaterThan(2.4);
    expect(mean).toBeLessThan(2.6);
  });

  test("involvement is skewed: the busiest contact has many times the median", () => {
    const counts = new Map<string, number>();
    for (const item of allInteractions(7)) {
      for (const id of [item.contactId, ...item.parties.flatMap((party) => (party.contactId ? [party.contactId] : []))]) {
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    const sorted = [...counts.values()].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    expect(sorted.at(-1)).toBeGreaterThan(median * 5);
  });

  test("the first contact is the most involved subject", () => {
    const workspace = generateWorkspace(SHAPE, 7);
    const subjects = new Map<string, number>();
    for (const item of allInteractions(7)) subjects.set(item.contactId, (subjects.get(item.contactId) ?? 0) + 1);
    const busiest = [...subjects.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(workspace.contacts.slice(0, 3).map((contact) => contact.id)).toContain(busiest);
  });

  test("a party never repeats the subject or another party", () => {
    for (const item of allInteractions(7)) {
      const identities = [`contact:${item.contactId}`, ...item.parties.map((party) => party.identity)];
      expect(new Set(identities).size).toBe(identities.length);
    }
  });

  test("positions count from 0 in order", () => {
    for (const item of allInteractions(7)) {
      expect(item.parties.map((party) => party.position)).toEqual(item.parties.map((_party, index) => index));
    }
  });

  test("ids are valid and unique", () => {
    const ids = allInteractions(7).flatMap((item) => [item.id, ...item.parties.map((party) => party.id)]);
    expect(ids.every(isId)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("times fall in the generated span, each logged after it occurred", () => {
    for (const item of allInteractions(7)) {
      expect(item.createdAt).toBeGreaterThanOrEqual(GENERATED_FROM);
      expect(item.createdAt).toBeLessThan(GENERATED_UNTIL);
      expect(item.occurredAt).toBeLessThanOrEqual(item.createdAt);
    }
  });

  test("subject snapshots carry the primary company as of then", () => {
    const workspace = generateWorkspace(SHAPE, 7);
    const primaryCompany = new Map(
      workspace.memberships.filter((membership) => membership.isPrimary).map((membership) => [membership.contactId, membership.companyId]),
    );
    for (const item of allInteractions(7).slice(0, 500)) {
      expect(item.subjectSnapshot.companyId).toBe(primaryCompany.get(item.contactId));
    }
  });
});
