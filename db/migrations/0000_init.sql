CREATE TYPE "public"."session_end_reason" AS ENUM('sign_out', 'idle', 'max_age', 'disabled', 'role_changed', 'mfa_reset');--> statement-breakpoint
CREATE TYPE "public"."staff_role" AS ENUM('operator', 'teller', 'supervisor', 'auditor', 'admin');--> statement-breakpoint
CREATE TYPE "public"."token_revoke_reason" AS ENUM('cancelled', 'replaced', 'lost', 'stolen', 'device_changed', 'app_deleted', 'fraud');--> statement-breakpoint
CREATE TYPE "public"."token_kind" AS ENUM('app', 'hardware');--> statement-breakpoint
CREATE TYPE "public"."token_status" AS ENUM('pending_activation', 'activation_locked', 'active', 'locked', 'suspended', 'expired', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."verification_method" AS ENUM('phone', 'in_person');--> statement-breakpoint
CREATE TYPE "public"."verification_result" AS ENUM('passed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."audit_actor_type" AS ENUM('staff', 'system', 'api_client', 'anonymous');--> statement-breakpoint
CREATE TYPE "public"."audit_channel" AS ENUM('web', 'api', 'cli');--> statement-breakpoint
CREATE TYPE "public"."audit_outcome" AS ENUM('success', 'denied', 'invalid', 'failed', 'error');--> statement-breakpoint
CREATE TABLE "staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"login_id" text NOT NULL,
	"display_name" text NOT NULL,
	"role" "staff_role" NOT NULL,
	"password_hash" text NOT NULL,
	"totp_secret_enc" text,
	"totp_pending_secret_enc" text,
	"totp_last_step" integer,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"is_demo" boolean DEFAULT false NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_login_id_unique" UNIQUE("login_id")
);
--> statement-breakpoint
CREATE TABLE "staff_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" "session_end_reason",
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" text NOT NULL,
	"name_kanji" text NOT NULL,
	"name_kana" text NOT NULL,
	"name_search" text NOT NULL,
	"birth_date" date NOT NULL,
	"phone" text NOT NULL,
	"branch_code" text NOT NULL,
	"branch_name" text NOT NULL,
	"account_number" text NOT NULL,
	"postal_code" text NOT NULL,
	"address" text NOT NULL,
	"verification_blocked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_contract_id_unique" UNIQUE("contract_id")
);
--> statement-breakpoint
CREATE TABLE "registered_emails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"address" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"service_id" text NOT NULL,
	"user_id" text NOT NULL,
	"serial" text NOT NULL,
	"kind" "token_kind" DEFAULT 'app' NOT NULL,
	"status" "token_status" NOT NULL,
	"activation_password_hash" text,
	"activation_failures" integer DEFAULT 0 NOT NULL,
	"activation_deadline" timestamp with time zone,
	"totp_secret_enc" text,
	"clock_offset_steps" integer DEFAULT 0 NOT NULL,
	"otp_failures" integer DEFAULT 0 NOT NULL,
	"last_used_step" bigint,
	"last_used_at" timestamp with time zone,
	"device_label" text,
	"issued_at" timestamp with time zone NOT NULL,
	"activated_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"suspended_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoke_reason" "token_revoke_reason",
	"replaced_by_token_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tokens_serial_unique" UNIQUE("serial")
);
--> statement-breakpoint
CREATE TABLE "identity_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"method" "verification_method" NOT NULL,
	"result" "verification_result" NOT NULL,
	"matched_facts" jsonb NOT NULL,
	"failed_facts" jsonb NOT NULL,
	"document_type" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"actor_type" "audit_actor_type" NOT NULL,
	"actor_id" text,
	"actor_role" text,
	"action" text NOT NULL,
	"outcome" "audit_outcome" NOT NULL,
	"reason" text,
	"ticket" text,
	"customer_id" uuid,
	"token_id" uuid,
	"target_staff_id" uuid,
	"verification_id" uuid,
	"channel" "audit_channel" NOT NULL,
	"ip" text,
	"user_agent" text,
	"request_id" text,
	"details" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staff_sessions" ADD CONSTRAINT "staff_sessions_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registered_emails" ADD CONSTRAINT "registered_emails_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_replaced_by_token_id_tokens_id_fk" FOREIGN KEY ("replaced_by_token_id") REFERENCES "public"."tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_verifications" ADD CONSTRAINT "identity_verifications_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_verifications" ADD CONSTRAINT "identity_verifications_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_sessions_staff_idx" ON "staff_sessions" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "customers_phone_idx" ON "customers" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "customers_name_search_idx" ON "customers" USING btree ("name_search");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_branch_account_idx" ON "customers" USING btree ("branch_code","account_number");--> statement-breakpoint
CREATE INDEX "customers_created_idx" ON "customers" USING btree ("created_at" desc);--> statement-breakpoint
CREATE INDEX "registered_emails_customer_idx" ON "registered_emails" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "registered_emails_address_idx" ON "registered_emails" USING btree (lower("address"));--> statement-breakpoint
CREATE UNIQUE INDEX "registered_emails_live_unique" ON "registered_emails" USING btree ("customer_id",lower("address")) WHERE "registered_emails"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tokens_customer_idx" ON "tokens" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "tokens_service_user_idx" ON "tokens" USING btree ("service_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_live_service_user_unique" ON "tokens" USING btree ("service_id","user_id") WHERE "tokens"."status" <> 'revoked';--> statement-breakpoint
CREATE INDEX "identity_verifications_customer_idx" ON "identity_verifications" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "identity_verifications_staff_idx" ON "identity_verifications" USING btree ("staff_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_customer_idx" ON "audit_events" USING btree ("customer_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_target_staff_idx" ON "audit_events" USING btree ("target_staff_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action","seq");