CREATE TYPE "public"."notice_channel" AS ENUM('email', 'post');--> statement-breakpoint
CREATE TYPE "public"."notice_status" AS ENUM('pending', 'sending', 'sent', 'failed', 'stuck');--> statement-breakpoint
CREATE TABLE "customer_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"channel" "notice_channel" NOT NULL,
	"recipient" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" "notice_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone,
	"last_error" text,
	"letter_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "demo_mailbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"notice_id" uuid,
	"channel" "notice_channel" NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_notices" ADD CONSTRAINT "customer_notices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_mailbox" ADD CONSTRAINT "demo_mailbox_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_mailbox" ADD CONSTRAINT "demo_mailbox_notice_id_customer_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."customer_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_notices_due_idx" ON "customer_notices" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "customer_notices_customer_idx" ON "customer_notices" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "demo_mailbox_customer_idx" ON "demo_mailbox" USING btree ("customer_id","received_at");