import type { DatabaseDriver } from "@crm/db";

import type { WorkspaceShape } from "./dataset";

/** The workspaces one run generates and measures. */
export interface BenchScale {
  readonly name: "full" | "quick";
  /** The workspace the feed queries run on. */
  readonly main: WorkspaceShape;
  /** A workspace of 10,000 interactions (about 12,000 rows in view), for pulls, the client and the first sync. */
  readonly small: WorkspaceShape;
  /** A workspace of about 100,000 rows in view for pulls; the main workspace when that is already this size. */
  readonly large: WorkspaceShape;
  /** Every distinct workspace to generate. */
  readonly shapes: readonly WorkspaceShape[];
}

const SMALL: WorkspaceShape = {
  name: "view-10k",
  interactions: 10_000,
  contacts: 1_000,
  companies: 20,
  staff: 10,
  bigCompanyMembers: 100,
};

const HUNDRED_THOUSAND: WorkspaceShape = {
  name: "view-100k",
  interactions: 80_000,
  contacts: 10_000,
  companies: 200,
  staff: 20,
  bigCompanyMembers: 500,
};

/**
 * Returns the workspaces of a run. The full scale has a million interactions
 * on PostgreSQL, and the same shape at a tenth of the size on PGlite, which
 * runs in this process on one core. The quick scale checks that everything
 * runs, in under two minutes.
 */
export function benchScale(driver: DatabaseDriver, quick: boolean): BenchScale {
  if (quick) {
    const main: WorkspaceShape = {
      name: "main-quick",
      interactions: 20_000,
      contacts: 2_000,
      companies: 40,
      staff: 10,
      bigCompanyMembers: 500,
    };
    return { name: "quick", main, small: SMALL, large: main, shapes: [main, SMALL] };
  }

  if (driver === "pglite") {
    const main: WorkspaceShape = {
      name: "main-100k",
      interactions: 100_000,
      contacts: 10_000,
      companies: 200,
      staff: 20,
      bigCompanyMembers: 500,
    };
    return { name: "full", main, small: SMALL, large: HUNDRED_THOUSAND, shapes: [main, SMALL, HUNDRED_THOUSAND] };
  }

  const main: WorkspaceShape = {
    name: "main-1m",
    interactions: 1_000_000,
    contacts: 100_000,
    companies: 2_000,
    staff: 50,
    bigCompanyMembers: 500,
  };
  return { name: "full", main, small: SMALL, large: HUNDRED_THOUSAND, shapes: [main, SMALL, HUNDRED_THOUSAND] };
}
