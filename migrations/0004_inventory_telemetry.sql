CREATE TABLE "component_resource_rules" (
	"component_id" uuid PRIMARY KEY NOT NULL,
	"filter" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_component_links" (
	"resource_id" uuid NOT NULL,
	"component_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_component_links_resource_id_component_id_pk" PRIMARY KEY("resource_id","component_id")
);
--> statement-breakpoint
CREATE TABLE "resource_enrichments" (
	"resource_id" uuid NOT NULL,
	"namespace" text NOT NULL,
	"plugin" text NOT NULL,
	"data" jsonb NOT NULL,
	"collected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "resource_enrichments_resource_id_namespace_pk" PRIMARY KEY("resource_id","namespace")
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resource_id" text NOT NULL,
	"resource_site" text NOT NULL,
	"resource_class" text NOT NULL,
	"resource_subclass" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource_endpoint" text NOT NULL,
	"resource_plugin" text NOT NULL,
	"resource_creation_timestamp" double precision NOT NULL,
	"resource_metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ttl_seconds" integer DEFAULT 604800 NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stale_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"defaults" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sites_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "metric_rollups_1h" (
	"series_id" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"sum" double precision NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "metric_rollups_1h_series_id_bucket_pk" PRIMARY KEY("series_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "metric_rollups_1m" (
	"series_id" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"sum" double precision NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "metric_rollups_1m_series_id_bucket_pk" PRIMARY KEY("series_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "metric_samples" (
	"series_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "metric_samples_series_id_at_pk" PRIMARY KEY("series_id","at")
);
--> statement-breakpoint
CREATE TABLE "metric_series" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "metric_series_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"resource_id" uuid NOT NULL,
	"group_type" text NOT NULL,
	"metric" text NOT NULL,
	"metric_type" text NOT NULL,
	"dimensions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telemetry_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"plugin" text NOT NULL,
	"subject" text NOT NULL,
	"worker" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"duration_ms" real NOT NULL,
	"status" smallint NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "telemetry_schedule" (
	"plugin" text NOT NULL,
	"subject" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"leased_by" text,
	"leased_until" timestamp with time zone,
	"last_started_at" timestamp with time zone,
	"last_finished_at" timestamp with time zone,
	"last_status" smallint,
	"last_error" text,
	CONSTRAINT "telemetry_schedule_plugin_subject_pk" PRIMARY KEY("plugin","subject")
);
--> statement-breakpoint
CREATE TABLE "telemetry_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "requirement_statuses_requirement_idx";--> statement-breakpoint
ALTER TABLE "component_resource_rules" ADD CONSTRAINT "component_resource_rules_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "component_resource_rules" ADD CONSTRAINT "component_resource_rules_updated_by_people_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_component_links" ADD CONSTRAINT "resource_component_links_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_component_links" ADD CONSTRAINT "resource_component_links_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_component_links" ADD CONSTRAINT "resource_component_links_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_enrichments" ADD CONSTRAINT "resource_enrichments_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "resource_component_links_component_idx" ON "resource_component_links" USING btree ("component_id");--> statement-breakpoint
CREATE INDEX "resource_enrichments_expiry_idx" ON "resource_enrichments" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "resources_site_id_key" ON "resources" USING btree ("resource_site","resource_id");--> statement-breakpoint
CREATE INDEX "resources_class_idx" ON "resources" USING btree ("resource_class","resource_subclass","resource_type");--> statement-breakpoint
CREATE INDEX "resources_endpoint_idx" ON "resources" USING btree ("resource_endpoint");--> statement-breakpoint
CREATE INDEX "resources_last_seen_idx" ON "resources" USING btree ("last_seen_at");--> statement-breakpoint
CREATE UNIQUE INDEX "metric_series_key" ON "metric_series" USING btree ("resource_id","group_type","metric","dimensions");--> statement-breakpoint
CREATE INDEX "metric_series_group_idx" ON "metric_series" USING btree ("group_type","metric");--> statement-breakpoint
CREATE INDEX "telemetry_runs_plugin_idx" ON "telemetry_runs" USING btree ("plugin","id");--> statement-breakpoint
CREATE INDEX "telemetry_runs_subject_idx" ON "telemetry_runs" USING btree ("subject","id");--> statement-breakpoint
CREATE INDEX "telemetry_schedule_due_idx" ON "telemetry_schedule" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "requirement_statuses_requirement_idx" ON "requirement_statuses" USING btree ("requirement_id","version_id","owner_status","reviewer_status");