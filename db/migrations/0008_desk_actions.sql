CREATE TABLE "action_requests" (
	"key" uuid PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "registered_emails" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "registered_emails" ADD COLUMN "confirm_code_hash" text;--> statement-breakpoint
ALTER TABLE "registered_emails" ADD COLUMN "confirm_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "registered_emails" ADD COLUMN "confirm_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_notices" ADD COLUMN "letter_enc" text;--> statement-breakpoint
ALTER TABLE "demo_mailbox" ADD COLUMN "letter_enc" text;--> statement-breakpoint
-- Addresses registered before confirmation existed were confirmed by the bank when they were taken.
UPDATE "registered_emails" SET "confirmed_at" = "created_at" WHERE "confirmed_at" IS NULL;
