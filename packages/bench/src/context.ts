import type { Actor, ServiceContext } from "@crm/api";
import type { Logger } from "pino";

import type { BenchDatabase } from "./bench-database";
import type { BenchScale } from "./scales";
import type { Dataset, SeededWorkspace } from "./seed";
import type { CountingServices } from "./statement-counter";
import type { SamplingOptions } from "./statistics";

/** The inputs every benchmark section runs with. */
export interface BenchContext {
  readonly database: BenchDatabase;
  readonly dataset: Dataset;
  readonly scale: BenchScale;
  /** The services a server process would build over the bench database. */
  readonly services: ServiceContext;
  readonly logger: Logger;
  /** Counts statements per operation; PostgreSQL only. */
  readonly counter: CountingServices | undefined;
  /** Sample counts are cut down at the quick scale. */
  readonly quick: boolean;
}

/** Returns the workspace a shape generated, from the stored dataset. */
export function workspaceOf(context: BenchContext, shapeName: string): SeededWorkspace {
  const workspace = context.dataset.workspaces[shapeName];
  if (workspace === undefined) throw new Error(`The dataset has no workspace "${shapeName}"; generate it again.`);
  return workspace;
}

/** Returns the workspace's admin, whom the benchmarks act as. */
export function actorOf(workspace: SeededWorkspace): Actor {
  return {
    userId: workspace.userId,
    workspaceId: workspace.workspaceId,
    role: "admin",
    staffPersonId: null,
    contactId: null,
    sessionId: workspace.userId,
  };
}

/** Sampling for a fast operation (well under a millisecond to a few milliseconds). */
export function fastSampling(context: BenchContext): SamplingOptions {
  return context.quick
    ? { warmUp: 10, samples: 200, minSamples: 30, budgetMs: 1_500 }
    : { warmUp: 50, samples: 1_000, minSamples: 100, budgetMs: 10_000 };
}

/** Sampling for a slow operation (tens of milliseconds to seconds), bounded by time. */
export function slowSampling(context: BenchContext): SamplingOptions {
  return context.quick
    ? { warmUp: 1, samples: 10, minSamples: 3, budgetMs: 1_500 }
    : { warmUp: 2, samples: 60, minSamples: 10, budgetMs: 12_000 };
}
