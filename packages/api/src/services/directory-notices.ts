import type { Actor, ServiceContext } from "../context";

/**
 * Tells the workspace's open clients that directory records changed, so their
 * replicas pull. `contactIds` names the contacts whose feeds changed too; a
 * change to a company or staff person alone still sends a notice, with none.
 * Call only after commit. The change is already stored, so a failing notifier is
 * logged rather than reported as a failed write.
 */
export async function notifyDirectoryChange(
  services: ServiceContext,
  actor: Actor,
  contactIds: readonly string[] = [],
): Promise<void> {
  const unique = [...new Set(contactIds)];
  try {
    await services.notifier.notify({ workspaceId: actor.workspaceId, contactIds: unique });
  } catch (error) {
    services.logger.error(
      { err: error, workspaceId: actor.workspaceId, userId: actor.userId, contactIds: unique },
      "change notice failed after commit; clients catch up on their next pull",
    );
  }
}
