export { CHANGES_CHANNEL, createNotifier, createPostgresNotifier, pokes, type ClosableNotifier, type Poke } from "./poke";
export {
  PULL_OPERATION_LIMIT,
  pull,
  pullRequestSchema,
  type PatchOperation,
  type PullRequest,
  type PullResponse,
  type PullResult,
} from "./pull";
export { push, pushRequestSchema, type PushRequest, type PushResponse } from "./push";
export { serverMutators, type ServerMutatorName } from "./server-mutators";
