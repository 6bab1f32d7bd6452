import { check, index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, oneOf, updatedAtColumn, versionColumn, workspaceIdColumn } from "./columns";
import {
  EMPLOYMENT_TYPES,
  SETTABLE_STATUSES,
  STAFF_STATUSES,
  type EmploymentType,
  type SettableStatus,
  type StaffStatus,
} from "@crm/domain";

export const staffPersons = pgTable(
  "staff_persons",
  {
    id: idColumn(),
    workspaceId: workspaceIdColumn(),
    name: text("name").notNull(),
    jobTitle: text("job_title"),
    employmentType: text("employment_type").$type<EmploymentType>(),
    email: text("email"),
    status: text("status").$type<StaffStatus>().notNull().default("active"),
    /** Set while the staff person is trashed, so restore can put the old status back. */
    statusBeforeTrash: text("status_before_trash").$type<SettableStatus>(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
    version: versionColumn(),
  },
  (t) => [
    check("staff_persons_employment_type_check", oneOf(t.employmentType, EMPLOYMENT_TYPES)),
    check("staff_persons_status_check", oneOf(t.status, STAFF_STATUSES)),
    check("staff_persons_status_before_trash_check", oneOf(t.statusBeforeTrash, SETTABLE_STATUSES)),
    index("staff_persons_workspace_idx").on(t.workspaceId),
  ],
);
