/** The membership fields that decide which one is primary. */
export interface RankedMembership {
  readonly id: string;
  readonly isPrimary: boolean;
  readonly position: number;
  readonly createdAt: Date;
}

/**
 * Returns a contact's primary membership: the one marked primary, else the one
 * with the lowest position, else the oldest, with the id as a final tie-break
 * so every caller picks the same row.
 */
export function selectPrimaryMembership<M extends RankedMembership>(
  memberships: readonly M[],
): M | undefined {
  let best: M | undefined;
  for (const membership of memberships) {
    if (best === undefined || compareMembershipRank(membership, best) < 0) best = membership;
  }
  return best;
}

/** Negative when `a` ranks before `b` as the primary membership. */
export function compareMembershipRank(a: RankedMembership, b: RankedMembership): number {
  if (a.isPrimary !== b.isPrimary) return a.isPrimary ? -1 : 1;
  if (a.position !== b.position) return a.position - b.position;
  const age = a.createdAt.getTime() - b.createdAt.getTime();
  if (age !== 0) return age;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}
