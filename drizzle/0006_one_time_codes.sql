ALTER TABLE "email_verification_tokens" ADD COLUMN "code_hash" text;--> statement-breakpoint
ALTER TABLE "email_verification_tokens" ADD COLUMN "code_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "password_reset_tokens" ADD COLUMN "code_hash" text;--> statement-breakpoint
ALTER TABLE "password_reset_tokens" ADD COLUMN "code_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "pending_email_changes" ADD COLUMN "code_hash" text;--> statement-breakpoint
ALTER TABLE "pending_email_changes" ADD COLUMN "code_attempts" integer DEFAULT 0 NOT NULL;