CREATE TYPE "public"."requirement_owner_status" AS ENUM('unknown', 'not_ready', 'ready', 'n/a');--> statement-breakpoint
CREATE TYPE "public"."requirement_reviewer_status" AS ENUM('unknown', 'rejected', 'approved');--> statement-breakpoint
CREATE TABLE "component_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"component_id" uuid NOT NULL,
	"version" text NOT NULL,
	"release_notes" text DEFAULT '' NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"frameworks" text[] DEFAULT '{}'::text[] NOT NULL,
	"databases" text[] DEFAULT '{}'::text[] NOT NULL,
	"orms" text[] DEFAULT '{}'::text[] NOT NULL,
	"loggers" text[] DEFAULT '{}'::text[] NOT NULL,
	"runtimes" text[] DEFAULT '{}'::text[] NOT NULL,
	"kloc" numeric,
	"dev_links" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"qa" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "components" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"namespace" text DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"type" text,
	"lifecycle" text DEFAULT 'unknown' NOT NULL,
	"category" text,
	"subcategory" text,
	"vendor" text,
	"privacy_class" text,
	"location_classes" text[] DEFAULT '{}'::text[] NOT NULL,
	"owner_team_id" uuid,
	"owner" text,
	"system" text,
	"space" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"endpoints" text[] DEFAULT '{}'::text[] NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"highly_loaded" boolean DEFAULT false NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"frameworks" text[] DEFAULT '{}'::text[] NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', name || ' ' || title || ' ' || description)) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dependencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_component_id" uuid NOT NULL,
	"from_version_id" uuid,
	"to_component_id" uuid NOT NULL,
	"type" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"product_version" text,
	"environment" text,
	"location_class" text,
	"service_name" text DEFAULT '' NOT NULL,
	"binary_name" text DEFAULT '' NOT NULL,
	"runtime" text,
	"open_ports" integer[] DEFAULT '{}'::int[] NOT NULL,
	"notes" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"list" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"parent_id" uuid,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "team_members_team_id_person_id_pk" PRIMARY KEY("team_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"parent_id" uuid,
	"email" text DEFAULT '' NOT NULL,
	"chat_channel" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "version_roles" (
	"version_id" uuid NOT NULL,
	"role" text NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "version_roles_version_id_role_person_id_pk" PRIMARY KEY("version_id","role","person_id")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"request_id" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"entity_ref" text NOT NULL,
	"action" text NOT NULL,
	"field" text,
	"old_value" jsonb,
	"new_value" jsonb,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"organization" text DEFAULT '' NOT NULL,
	"department" text DEFAULT '' NOT NULL,
	"manager_id" uuid,
	"office_phone" text DEFAULT '' NOT NULL,
	"mobile_phone" text DEFAULT '' NOT NULL,
	"employee_number" text DEFAULT '' NOT NULL,
	"photo" text DEFAULT '' NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"directory_dn" text,
	"directory_guid" text,
	"role" text DEFAULT 'member' NOT NULL,
	"password_hash" text,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "generations" (
	"scope" text PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radar_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"label" text NOT NULL,
	"quadrant_id" uuid NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"link" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radar_entry_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"ring_id" uuid NOT NULL,
	"date" timestamp with time zone NOT NULL,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radar_quadrants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"description" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radar_rings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"color" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requirement_set_members" (
	"set_id" uuid NOT NULL,
	"requirement_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "requirement_set_members_set_id_requirement_id_pk" PRIMARY KEY("set_id","requirement_id")
);
--> statement-breakpoint
CREATE TABLE "requirement_set_reviewers" (
	"set_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	CONSTRAINT "requirement_set_reviewers_set_id_team_id_pk" PRIMARY KEY("set_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "requirement_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"doc_link" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"applicability" text
);
--> statement-breakpoint
CREATE TABLE "requirement_statuses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"requirement_id" uuid NOT NULL,
	"owner_status" "requirement_owner_status" DEFAULT 'unknown' NOT NULL,
	"owner_notes" text DEFAULT '' NOT NULL,
	"reviewer_status" "requirement_reviewer_status" DEFAULT 'unknown' NOT NULL,
	"reviewer_notes" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requirements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"mandatory" boolean DEFAULT false NOT NULL,
	"level" text
);
--> statement-breakpoint
ALTER TABLE "component_versions" ADD CONSTRAINT "component_versions_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "components" ADD CONSTRAINT "components_owner_team_id_teams_id_fk" FOREIGN KEY ("owner_team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dependencies" ADD CONSTRAINT "dependencies_from_component_id_components_id_fk" FOREIGN KEY ("from_component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dependencies" ADD CONSTRAINT "dependencies_from_version_id_component_versions_id_fk" FOREIGN KEY ("from_version_id") REFERENCES "public"."component_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dependencies" ADD CONSTRAINT "dependencies_to_component_id_components_id_fk" FOREIGN KEY ("to_component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_version_id_component_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."component_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_roles" ADD CONSTRAINT "version_roles_version_id_component_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."component_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_roles" ADD CONSTRAINT "version_roles_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_entries" ADD CONSTRAINT "radar_entries_quadrant_id_radar_quadrants_id_fk" FOREIGN KEY ("quadrant_id") REFERENCES "public"."radar_quadrants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_entry_history" ADD CONSTRAINT "radar_entry_history_entry_id_radar_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."radar_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radar_entry_history" ADD CONSTRAINT "radar_entry_history_ring_id_radar_rings_id_fk" FOREIGN KEY ("ring_id") REFERENCES "public"."radar_rings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_set_members" ADD CONSTRAINT "requirement_set_members_set_id_requirement_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."requirement_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_set_members" ADD CONSTRAINT "requirement_set_members_requirement_id_requirements_id_fk" FOREIGN KEY ("requirement_id") REFERENCES "public"."requirements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_set_reviewers" ADD CONSTRAINT "requirement_set_reviewers_set_id_requirement_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."requirement_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_set_reviewers" ADD CONSTRAINT "requirement_set_reviewers_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_statuses" ADD CONSTRAINT "requirement_statuses_version_id_component_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."component_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_statuses" ADD CONSTRAINT "requirement_statuses_requirement_id_requirements_id_fk" FOREIGN KEY ("requirement_id") REFERENCES "public"."requirements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "component_versions_key" ON "component_versions" USING btree ("component_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "components_ref_key" ON "components" USING btree (lower("namespace"),lower("name"));--> statement-breakpoint
CREATE INDEX "components_sort_name_idx" ON "components" USING btree (lower("name"),"id");--> statement-breakpoint
CREATE INDEX "components_category_idx" ON "components" USING btree ("category");--> statement-breakpoint
CREATE INDEX "components_owner_idx" ON "components" USING btree ("owner");--> statement-breakpoint
CREATE INDEX "components_lifecycle_idx" ON "components" USING btree ("lifecycle");--> statement-breakpoint
CREATE INDEX "components_type_idx" ON "components" USING btree ("type");--> statement-breakpoint
CREATE INDEX "components_tags_idx" ON "components" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "components_languages_idx" ON "components" USING gin ("languages");--> statement-breakpoint
CREATE INDEX "components_search_idx" ON "components" USING gin ("search");--> statement-breakpoint
CREATE INDEX "dependencies_from_idx" ON "dependencies" USING btree ("from_component_id");--> statement-breakpoint
CREATE INDEX "dependencies_to_idx" ON "dependencies" USING btree ("to_component_id");--> statement-breakpoint
CREATE INDEX "deployments_version_idx" ON "deployments" USING btree ("version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reference_items_list_name_key" ON "reference_items" USING btree ("list",lower("name"));--> statement-breakpoint
CREATE INDEX "team_members_person_idx" ON "team_members" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_name_key" ON "teams" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "version_roles_person_idx" ON "version_roles" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id","id");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_events" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "people_username_key" ON "people" USING btree (lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX "people_directory_guid_key" ON "people" USING btree ("directory_guid");--> statement-breakpoint
CREATE INDEX "people_name_idx" ON "people" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "radar_entries_label_key" ON "radar_entries" USING btree (lower("label"));--> statement-breakpoint
CREATE INDEX "radar_entries_quadrant_idx" ON "radar_entries" USING btree ("quadrant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "radar_entry_history_key" ON "radar_entry_history" USING btree ("entry_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "radar_quadrants_name_key" ON "radar_quadrants" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "radar_rings_name_key" ON "radar_rings" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "requirement_set_members_requirement_idx" ON "requirement_set_members" USING btree ("requirement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "requirement_sets_name_key" ON "requirement_sets" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "requirement_statuses_key" ON "requirement_statuses" USING btree ("version_id","requirement_id");--> statement-breakpoint
CREATE INDEX "requirement_statuses_requirement_idx" ON "requirement_statuses" USING btree ("requirement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "requirements_title_key" ON "requirements" USING btree (lower("title"));