-- When the sender began handing a message over to SMTP (right before the final "." of DATA), committed before that
-- dot is written. A message its sender left SENDING without it was never accepted by the SMTP server (a server drops
-- a message whose connection ends before the dot), so it is sent again; one with it may have arrived, and is failed
-- as uncertain instead.
ALTER TABLE messages ADD COLUMN handed_over_at BIGINT;
