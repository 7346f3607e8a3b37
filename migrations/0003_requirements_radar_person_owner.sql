CREATE TYPE "public"."requirement_exemption_state" AS ENUM('requested', 'approved', 'denied', 'revoked');--> statement-breakpoint
CREATE TABLE "radar_entry_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"reference_item_id" uuid,
	"component_id" uuid,
	CONSTRAINT "radar_entry_links_one_target" CHECK (("radar_entry_links"."reference_item_id" IS NULL) <> ("radar_entry_links"."component_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "requirement_exemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"component_id" uuid NOT NULL,
	"requirement_id" uuid NOT NULL,
	"state" "requirement_exemption_state" DEFAULT 'requested' NOT NULL,
	"reason" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_notes" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requirement_levels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"color" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requirement_set_exclusions" (
	"version_id" uuid NOT NULL,
	"set_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"set_by" uuid,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "requirement_set_exclusions_version_id_set_id_pk" PRIMARY KEY("version_id","set_id")
);
--> statement-breakpoint
ALTER TABLE "components" ADD COLUMN "owner_person_id" uuid;--> statement-breakpoint
ALTER TABLE "requirement_statuses" ADD COLUMN "owner_set_by" uuid;--> statement-breakpoint
ALTER TABLE "requirement_statuses" ADD COLUMN "owner_set_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "requirement_statuses" ADD COLUMN "reviewer_set_by" uuid;--> statement-breakpoint
ALTER TABLE "requirement_statuses" ADD COLUMN "reviewer_set_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "requirements" ADD COLUMN "level_id" uuid;--> statement-breakpoint
ALTER TABLE "radar_entry_links" ADD CONSTRAINT "radar_entry_links_entry_id_radar_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."radar_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_entry_links" ADD CONSTRAINT "radar_entry_links_reference_item_id_reference_items_id_fk" FOREIGN KEY ("reference_item_id") REFERENCES "public"."reference_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_entry_links" ADD CONSTRAINT "radar_entry_links_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_exemptions" ADD CONSTRAINT "requirement_exemptions_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_exemptions" ADD CONSTRAINT "requirement_exemptions_requirement_id_requirements_id_fk" FOREIGN KEY ("requirement_id") REFERENCES "public"."requirements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_exemptions" ADD CONSTRAINT "requirement_exemptions_requested_by_people_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_exemptions" ADD CONSTRAINT "requirement_exemptions_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_set_exclusions" ADD CONSTRAINT "requirement_set_exclusions_version_id_component_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."component_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_set_exclusions" ADD CONSTRAINT "requirement_set_exclusions_set_id_requirement_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."requirement_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_set_exclusions" ADD CONSTRAINT "requirement_set_exclusions_set_by_people_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "radar_entry_links_entry_idx" ON "radar_entry_links" USING btree ("entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "radar_entry_links_reference_key" ON "radar_entry_links" USING btree ("entry_id","reference_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "radar_entry_links_component_key" ON "radar_entry_links" USING btree ("entry_id","component_id");--> statement-breakpoint
CREATE INDEX "radar_entry_links_reference_idx" ON "radar_entry_links" USING btree ("reference_item_id");--> statement-breakpoint
CREATE INDEX "radar_entry_links_component_idx" ON "radar_entry_links" USING btree ("component_id");--> statement-breakpoint
CREATE INDEX "requirement_exemptions_component_idx" ON "requirement_exemptions" USING btree ("component_id","requirement_id");--> statement-breakpoint
CREATE INDEX "requirement_exemptions_requirement_idx" ON "requirement_exemptions" USING btree ("requirement_id");--> statement-breakpoint
CREATE INDEX "requirement_exemptions_state_idx" ON "requirement_exemptions" USING btree ("state");--> statement-breakpoint
CREATE UNIQUE INDEX "requirement_levels_name_key" ON "requirement_levels" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "requirement_set_exclusions_set_idx" ON "requirement_set_exclusions" USING btree ("set_id");--> statement-breakpoint
ALTER TABLE "components" ADD CONSTRAINT "components_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_statuses" ADD CONSTRAINT "requirement_statuses_owner_set_by_people_id_fk" FOREIGN KEY ("owner_set_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_statuses" ADD CONSTRAINT "requirement_statuses_reviewer_set_by_people_id_fk" FOREIGN KEY ("reviewer_set_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirements" ADD CONSTRAINT "requirements_level_id_requirement_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."requirement_levels"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "requirements_level_idx" ON "requirements" USING btree ("level_id");--> statement-breakpoint
-- The default ladder, then any level an earlier import named as text, kept in its place above them.
INSERT INTO "requirement_levels" ("name", "position", "color") VALUES ('Bronze', 0, '#cd7f32'), ('Silver', 1, '#a8a9ad'), ('Gold', 2, '#d4af37');--> statement-breakpoint
INSERT INTO "requirement_levels" ("name", "position") SELECT l.level, 2 + row_number() OVER (ORDER BY lower(l.level)) FROM (SELECT DISTINCT ON (lower("level")) "level" FROM "requirements" WHERE "level" IS NOT NULL AND "level" <> '' ORDER BY lower("level"), "level") l WHERE lower(l.level) NOT IN ('bronze', 'silver', 'gold');--> statement-breakpoint
UPDATE "requirements" r SET "level_id" = v."id" FROM "requirement_levels" v WHERE lower(v."name") = lower(r."level");--> statement-breakpoint
ALTER TABLE "requirements" DROP COLUMN "level";--> statement-breakpoint
ALTER TABLE "components" ADD CONSTRAINT "components_one_owner" CHECK ("components"."owner_team_id" IS NULL OR "components"."owner_person_id" IS NULL);