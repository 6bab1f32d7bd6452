CREATE TABLE "replica_changes" (
	"workspace_id" uuid NOT NULL,
	"xid" "xid8" NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "replica_changes_pk" PRIMARY KEY("workspace_id","xid")
);
--> statement-breakpoint
ALTER TABLE "replicache_client_views" ADD COLUMN "snapshot" "pg_snapshot";--> statement-breakpoint
ALTER TABLE "replicache_client_views" ADD COLUMN "complete" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "replica_changes" ADD CONSTRAINT "replica_changes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Records that the current transaction changed rows of a workspace's replica.
-- Statement triggers with transition tables run once per statement, so a bulk
-- insert records each workspace once, and a transaction records it once in all.
CREATE FUNCTION record_replica_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The clock time, not the transaction's start, dates the record for pruning.
  -- A workspace being deleted cascades here and records nothing.
  INSERT INTO replica_changes (workspace_id, xid, created_at)
  SELECT DISTINCT changed.workspace_id, pg_current_xact_id(), clock_timestamp()
  FROM changed_rows AS changed
  WHERE EXISTS (SELECT 1 FROM workspaces WHERE workspaces.id = changed.workspace_id)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Every table a pull lists: the replicated rows, the signed-in user, and the
-- client state (lastMutationIDs, failures). A transition table serves one
-- event only, hence three triggers per table.
DO $$
DECLARE
  replicated text;
BEGIN
  FOREACH replicated IN ARRAY ARRAY[
    'contacts', 'companies', 'memberships', 'staff_persons', 'interactions',
    'users', 'replicache_clients', 'replicache_mutation_failures'
  ] LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION record_replica_change()',
      replicated || '_record_insert', replicated);
    EXECUTE format(
      'CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION record_replica_change()',
      replicated || '_record_update', replicated);
    EXECUTE format(
      'CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION record_replica_change()',
      replicated || '_record_delete', replicated);
  END LOOP;
END;
$$;
