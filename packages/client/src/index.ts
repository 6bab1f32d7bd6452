export {
  REPLICA_SCHEMA_VERSION,
  createReplicache,
  subscribeToPokes,
  syncStatusOf,
  type CreateReplicacheOptions,
  type CrmReplicache,
} from "./create-replicache";
export * from "./feeds";
export * from "./mutators";
export * from "./replica";
export * from "./status";
export type { ConnectionReporter } from "./sync-transport";
export * from "./trpc-client";
