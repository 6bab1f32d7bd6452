import type { Snapshot } from "@crm/domain";

/** "role, company" of a contact, the job title of a staff person, as the snapshot recorded them. */
export function snapshotDetail(snapshot: Snapshot): string | null {
  if (snapshot.source === "contact") {
    const parts = [snapshot.roleInCompany, snapshot.company].filter((part): part is string => Boolean(part));
    return parts.length > 0 ? parts.join(", ") : null;
  }
  if (snapshot.source === "staff") return snapshot.jobTitle ?? null;
  return null;
}
