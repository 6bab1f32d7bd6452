import type { LookupContact, LookupStaffPerson, SnapshotLookup } from "./snapshots";

/**
 * Creates a snapshot lookup over records in memory, for tests and for
 * callers that already have every record they may need.
 */
export function memorySnapshotLookup(
  contacts: readonly LookupContact[],
  staff: readonly LookupStaffPerson[] = [],
): SnapshotLookup {
  const contactsById = new Map(contacts.map((contact) => [contact.id.toLowerCase(), contact]));
  const staffById = new Map(staff.map((person) => [person.id.toLowerCase(), person]));
  return {
    getContact: (id) => Promise.resolve(contactsById.get(id.toLowerCase())),
    getStaffPerson: (id) => Promise.resolve(staffById.get(id.toLowerCase())),
  };
}
