export * from "./feed-hooks";
export * from "./replicache-context";
export * from "./status-hooks";
export * from "./use-replica-query";
