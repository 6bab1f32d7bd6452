-- Triggers that drizzle-kit cannot express.

-- Sync compares row versions for equality, so every update must produce a new one,
-- whichever code path ran the update.
CREATE FUNCTION bump_row_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER contacts_bump_version BEFORE UPDATE ON contacts FOR EACH ROW EXECUTE FUNCTION bump_row_version();
--> statement-breakpoint
CREATE TRIGGER companies_bump_version BEFORE UPDATE ON companies FOR EACH ROW EXECUTE FUNCTION bump_row_version();
--> statement-breakpoint
CREATE TRIGGER memberships_bump_version BEFORE UPDATE ON memberships FOR EACH ROW EXECUTE FUNCTION bump_row_version();
--> statement-breakpoint
CREATE TRIGGER staff_persons_bump_version BEFORE UPDATE ON staff_persons FOR EACH ROW EXECUTE FUNCTION bump_row_version();
--> statement-breakpoint
CREATE TRIGGER interactions_bump_version BEFORE UPDATE ON interactions FOR EACH ROW EXECUTE FUNCTION bump_row_version();
--> statement-breakpoint

-- A party row carries its interaction's feed keys (occurred_at, created_at) so the
-- "involving" feed is an ordered index scan. These two triggers keep the copies equal
-- to the interaction's values, whatever the writer supplied.
CREATE FUNCTION interaction_parties_copy_feed_keys() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  feed_occurred_at timestamp (3) with time zone;
  feed_created_at timestamp (3) with time zone;
BEGIN
  SELECT i.occurred_at, i.created_at INTO feed_occurred_at, feed_created_at
  FROM interactions i
  WHERE i.id = NEW.interaction_id;
  -- A missing interaction is left to the foreign key, which names the problem.
  IF FOUND THEN
    NEW.occurred_at := feed_occurred_at;
    NEW.created_at := feed_created_at;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER interaction_parties_copy_feed_keys BEFORE INSERT OR UPDATE ON interaction_parties FOR EACH ROW EXECUTE FUNCTION interaction_parties_copy_feed_keys();
--> statement-breakpoint
CREATE FUNCTION interactions_propagate_feed_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE interaction_parties
  SET occurred_at = NEW.occurred_at, created_at = NEW.created_at
  WHERE interaction_id = NEW.id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER interactions_propagate_feed_keys AFTER UPDATE OF occurred_at, created_at ON interactions FOR EACH ROW
  WHEN (OLD.occurred_at IS DISTINCT FROM NEW.occurred_at OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION interactions_propagate_feed_keys();
