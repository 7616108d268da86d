-- Webhook deliveries name the instance that claimed them, as enrollments and messages do (V37): a run claimed by an
-- instance that is gone from `instances` is free at once, without waiting for its lease.
ALTER TABLE webhook_deliveries ADD COLUMN claimed_by TEXT;
