-- Data fix-ups first (written by hand, before drizzle-kit's statements), so the constraints
-- below hold on any existing database. A parent that no longer exists is forgotten: the team
-- or list item moves to the top level.
UPDATE "teams" t SET "parent_id" = NULL WHERE t."parent_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "teams" p WHERE p."id" = t."parent_id");--> statement-breakpoint
UPDATE "reference_items" r SET "parent_id" = NULL WHERE r."parent_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "reference_items" p WHERE p."id" = r."parent_id");--> statement-breakpoint
-- A dependency recorded more than once (same from, version and to, possible before the key
-- existed) keeps one row; each removed row is written to the history, so nothing goes unexplained.
WITH "ranked" AS (
  SELECT "id", row_number() OVER (PARTITION BY "from_component_id", "from_version_id", "to_component_id" ORDER BY "id") AS "n"
  FROM "dependencies"
), "removed" AS (
  DELETE FROM "dependencies" d USING "ranked" r WHERE d."id" = r."id" AND r."n" > 1
  RETURNING d.*
)
INSERT INTO "audit_events" ("actor_name", "request_id", "entity_type", "entity_id", "entity_ref", "action", "field", "old_value", "new_value", "reason")
SELECT 'system', 'migration-0001', 'dependency', r."id"::text,
  'component:' || f."namespace" || '/' || f."name" || '->component:' || t."namespace" || '/' || t."name",
  'delete', NULL,
  jsonb_build_object('to', 'component:' || t."namespace" || '/' || t."name", 'type', r."type", 'notes', r."notes", 'fromVersion', v."version"),
  NULL, 'duplicate of another dependency between the same components, removed by migration 0001'
FROM "removed" r
JOIN "components" f ON f."id" = r."from_component_id"
JOIN "components" t ON t."id" = r."to_component_id"
LEFT JOIN "component_versions" v ON v."id" = r."from_version_id";--> statement-breakpoint
ALTER TABLE "reference_items" ADD CONSTRAINT "reference_items_parent_id_reference_items_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."reference_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_parent_id_teams_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_ref_idx" ON "audit_events" USING btree ("entity_ref" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "audit_dependency_to_idx" ON "audit_events" USING btree (split_part("entity_ref", '->', 2)) WHERE "audit_events"."entity_type" = 'dependency';--> statement-breakpoint
ALTER TABLE "dependencies" ADD CONSTRAINT "dependencies_key" UNIQUE NULLS NOT DISTINCT("from_component_id","from_version_id","to_component_id");