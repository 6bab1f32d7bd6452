import { isId, type Interaction } from "@crm/domain";

import type { Actor, ServiceContext } from "../../context";
import { loadInteraction } from "./load-interactions";

/** Returns one interaction of the actor's workspace with its parties and files, or null when the id is malformed or missing. */
export async function getInteraction(
  services: ServiceContext,
  actor: Actor,
  input: { readonly id: string },
): Promise<Interaction | null> {
  if (!isId(input.id)) return null;
  return loadInteraction(services.db, actor.workspaceId, input.id.toLowerCase());
}
