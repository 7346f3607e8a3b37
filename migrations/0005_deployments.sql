CREATE TYPE "public"."deploy_action_state" AS ENUM('queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled', 'interrupted');--> statement-breakpoint
CREATE TYPE "public"."deploy_host_state" AS ENUM('pending', 'running', 'succeeded', 'failed', 'skipped', 'cancelled', 'interrupted');--> statement-breakpoint
CREATE TYPE "public"."space_role" AS ENUM('viewer', 'operator', 'admin');--> statement-breakpoint
CREATE TABLE "component_deploy_configs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"component_id" uuid NOT NULL,
	"environment_id" uuid,
	"config_source" text DEFAULT '' NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deploy_action_hosts" (
	"action_id" uuid NOT NULL,
	"host" text NOT NULL,
	"position" integer NOT NULL,
	"batch" integer NOT NULL,
	"state" "deploy_host_state" DEFAULT 'pending' NOT NULL,
	"last_completed_step" integer DEFAULT -1 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "deploy_action_hosts_action_id_host_pk" PRIMARY KEY("action_id","host")
);
--> statement-breakpoint
CREATE TABLE "deploy_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"space_id" uuid NOT NULL,
	"component_id" uuid NOT NULL,
	"environment_id" uuid NOT NULL,
	"action" text NOT NULL,
	"version" text,
	"reason" text NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"not_before" timestamp with time zone DEFAULT now() NOT NULL,
	"queue_deadline" timestamp with time zone NOT NULL,
	"state" "deploy_action_state" DEFAULT 'queued' NOT NULL,
	"plan" jsonb NOT NULL,
	"gate_override" text,
	"cancel_mode" text,
	"cancelled_by" uuid,
	"pause" jsonb,
	"claimed_by" text,
	"lease_until" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "deploy_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"action_id" uuid NOT NULL,
	"host" text,
	"step" integer,
	"stream" text NOT NULL,
	"line" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deploy_step_runs" (
	"action_id" uuid NOT NULL,
	"host" text NOT NULL,
	"step" integer NOT NULL,
	"state" "deploy_host_state" DEFAULT 'pending' NOT NULL,
	"exit_code" smallint,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "deploy_step_runs_action_id_host_step_pk" PRIMARY KEY("action_id","host","step")
);
--> statement-breakpoint
CREATE TABLE "deployed_versions" (
	"component_id" uuid NOT NULL,
	"environment_id" uuid NOT NULL,
	"host" text NOT NULL,
	"version" text NOT NULL,
	"action_id" uuid,
	"deployed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deployed_versions_component_id_environment_id_host_pk" PRIMARY KEY("component_id","environment_id","host")
);
--> statement-breakpoint
CREATE TABLE "environments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"space_id" uuid NOT NULL,
	"name" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"production" boolean DEFAULT false NOT NULL,
	"config_source" text DEFAULT '' NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "space_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"space_id" uuid NOT NULL,
	"person_id" uuid,
	"team_id" uuid,
	"role" "space_role" NOT NULL,
	CONSTRAINT "space_members_one_principal" CHECK (("space_members"."person_id" IS NULL) <> ("space_members"."team_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "spaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"guard_policy" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spaces_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "component_deploy_configs" ADD CONSTRAINT "component_deploy_configs_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "component_deploy_configs" ADD CONSTRAINT "component_deploy_configs_environment_id_environments_id_fk" FOREIGN KEY ("environment_id") REFERENCES "public"."environments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_action_hosts" ADD CONSTRAINT "deploy_action_hosts_action_id_deploy_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."deploy_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_actions" ADD CONSTRAINT "deploy_actions_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_actions" ADD CONSTRAINT "deploy_actions_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_actions" ADD CONSTRAINT "deploy_actions_environment_id_environments_id_fk" FOREIGN KEY ("environment_id") REFERENCES "public"."environments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_actions" ADD CONSTRAINT "deploy_actions_requested_by_people_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_actions" ADD CONSTRAINT "deploy_actions_cancelled_by_people_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_logs" ADD CONSTRAINT "deploy_logs_action_id_deploy_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."deploy_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_step_runs" ADD CONSTRAINT "deploy_step_runs_action_id_deploy_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."deploy_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployed_versions" ADD CONSTRAINT "deployed_versions_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployed_versions" ADD CONSTRAINT "deployed_versions_environment_id_environments_id_fk" FOREIGN KEY ("environment_id") REFERENCES "public"."environments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployed_versions" ADD CONSTRAINT "deployed_versions_action_id_deploy_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."deploy_actions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "environments" ADD CONSTRAINT "environments_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_members" ADD CONSTRAINT "space_members_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_members" ADD CONSTRAINT "space_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_members" ADD CONSTRAINT "space_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "component_deploy_configs_key" ON "component_deploy_configs" USING btree ("component_id",coalesce("environment_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE INDEX "deploy_actions_space_idx" ON "deploy_actions" USING btree ("space_id","requested_at");--> statement-breakpoint
CREATE INDEX "deploy_actions_state_idx" ON "deploy_actions" USING btree ("state","not_before");--> statement-breakpoint
CREATE INDEX "deploy_actions_component_idx" ON "deploy_actions" USING btree ("component_id","requested_at");--> statement-breakpoint
CREATE INDEX "deploy_logs_action_idx" ON "deploy_logs" USING btree ("action_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "environments_space_name_key" ON "environments" USING btree ("space_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "space_members_person_key" ON "space_members" USING btree ("space_id","person_id") WHERE "space_members"."person_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "space_members_team_key" ON "space_members" USING btree ("space_id","team_id") WHERE "space_members"."team_id" IS NOT NULL;