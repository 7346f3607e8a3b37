CREATE TABLE "catalog_entities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"namespace" text DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"type" text,
	"lifecycle" text DEFAULT 'unknown' NOT NULL,
	"owner_team_id" uuid,
	"owner_person_id" uuid,
	"system_id" uuid,
	"domain_id" uuid,
	"definition" text DEFAULT '' NOT NULL,
	"definition_url" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', name || ' ' || title || ' ' || description)) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_entities_kind_check" CHECK ("catalog_entities"."kind" IN ('system', 'domain', 'api', 'resource')),
	CONSTRAINT "catalog_entities_one_owner" CHECK ("catalog_entities"."owner_team_id" IS NULL OR "catalog_entities"."owner_person_id" IS NULL)
);
--> statement-breakpoint
CREATE TABLE "entity_relations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"component_id" uuid NOT NULL,
	"entity_id" uuid NOT NULL,
	"type" text NOT NULL,
	CONSTRAINT "entity_relations_key" UNIQUE("component_id","entity_id","type"),
	CONSTRAINT "entity_relations_type_check" CHECK ("entity_relations"."type" IN ('providesApi', 'consumesApi', 'dependsOn'))
);
--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "type" text DEFAULT 'team' NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog_entities" ADD CONSTRAINT "catalog_entities_owner_team_id_teams_id_fk" FOREIGN KEY ("owner_team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_entities" ADD CONSTRAINT "catalog_entities_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_entities" ADD CONSTRAINT "catalog_entities_system_id_catalog_entities_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."catalog_entities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_entities" ADD CONSTRAINT "catalog_entities_domain_id_catalog_entities_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."catalog_entities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_relations" ADD CONSTRAINT "entity_relations_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_relations" ADD CONSTRAINT "entity_relations_entity_id_catalog_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."catalog_entities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_entities_ref_key" ON "catalog_entities" USING btree ("kind",lower("namespace"),lower("name"));--> statement-breakpoint
CREATE INDEX "catalog_entities_system_idx" ON "catalog_entities" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "catalog_entities_domain_idx" ON "catalog_entities" USING btree ("domain_id");--> statement-breakpoint
CREATE INDEX "catalog_entities_search_idx" ON "catalog_entities" USING gin ("search");--> statement-breakpoint
CREATE INDEX "entity_relations_entity_idx" ON "entity_relations" USING btree ("entity_id");--> statement-breakpoint
-- Data (written by hand, after drizzle-kit's statements): a component's system becomes a
-- reference to a system entity. Every system named by a component gets one (in the default
-- namespace, spelled as first written), and its creation is written to the history.
WITH "named" AS (
  SELECT DISTINCT ON (lower(btrim("system"))) btrim("system") AS "name"
  FROM "components" WHERE "system" IS NOT NULL AND btrim("system") <> ''
  ORDER BY lower(btrim("system")), btrim("system")
), "created" AS (
  INSERT INTO "catalog_entities" ("kind", "namespace", "name")
  SELECT 'system', 'default', n."name" FROM "named" n
  WHERE NOT EXISTS (
    SELECT 1 FROM "catalog_entities" e
    WHERE e."kind" = 'system' AND lower(e."namespace") = 'default' AND lower(e."name") = lower(n."name")
  )
  RETURNING "id", "name"
)
INSERT INTO "audit_events" ("actor_name", "request_id", "entity_type", "entity_id", "entity_ref", "action", "field", "old_value", "new_value", "reason")
SELECT 'system', 'migration-0002', 'system', c."id"::text, 'system:default/' || c."name", 'create', 'name', NULL, to_jsonb(c."name"),
  'named as the system of a component before systems were entities, created by migration 0002'
FROM "created" c;
