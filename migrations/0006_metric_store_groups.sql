CREATE TABLE "metric_group_members" (
	"group_id" integer NOT NULL,
	"idx" smallint NOT NULL,
	"series_id" integer NOT NULL,
	CONSTRAINT "metric_group_members_group_id_idx_pk" PRIMARY KEY("group_id","idx")
);
--> statement-breakpoint
CREATE TABLE "metric_groups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "metric_groups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"resource_id" uuid NOT NULL,
	"group_type" text NOT NULL,
	"dimensions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metrics" text[] NOT NULL
);
--> statement-breakpoint
-- Hand-edited from drizzle-kit's ALTERs (which cannot turn a float into an array in place): the
-- row-per-sample tables are dropped and recreated in the group-row layout; there is no
-- production data yet (issue 8).
DROP TABLE "metric_samples";--> statement-breakpoint
DROP TABLE "metric_rollups_1m";--> statement-breakpoint
DROP TABLE "metric_rollups_1h";--> statement-breakpoint
CREATE TABLE "metric_samples" (
	"group_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"value" double precision[] NOT NULL,
	CONSTRAINT "metric_samples_group_id_at_pk" PRIMARY KEY("group_id","at")
);
--> statement-breakpoint
CREATE TABLE "metric_rollups_1m" (
	"group_id" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"min" double precision[] NOT NULL,
	"max" double precision[] NOT NULL,
	"sum" double precision[] NOT NULL,
	"count" integer[] NOT NULL,
	CONSTRAINT "metric_rollups_1m_group_id_bucket_pk" PRIMARY KEY("group_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "metric_rollups_1h" (
	"group_id" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"min" double precision[] NOT NULL,
	"max" double precision[] NOT NULL,
	"sum" double precision[] NOT NULL,
	"count" integer[] NOT NULL,
	CONSTRAINT "metric_rollups_1h_group_id_bucket_pk" PRIMARY KEY("group_id","bucket")
);
--> statement-breakpoint
CREATE INDEX "metric_group_members_series_idx" ON "metric_group_members" USING btree ("series_id");--> statement-breakpoint
CREATE UNIQUE INDEX "metric_groups_key" ON "metric_groups" USING btree ("resource_id","group_type","metrics","dimensions");
