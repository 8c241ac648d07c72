-- The relay's daily limit (smtp.dailyLimit), shared by every runner through relay_use.
-- invite_reserve_quota reserves up to p_want recipients for a claim and returns how many it may
-- send (0: the limit is reached); one reservation at a time (a transaction lock), so two runners
-- never both take the last ones. p_now comes from the app's clock (tests move it). Both are
-- made in a runner's name, by the login that registered it (invite_own_runner, R__engine.sql).
DROP FUNCTION IF EXISTS invite_reserve_quota(text, integer, integer, timestamptz);
CREATE OR REPLACE FUNCTION invite_reserve_quota(p_runner bigint, p_relay text, p_want integer, p_limit integer, p_now timestamptz)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  used bigint;
  granted integer;
BEGIN
  IF NOT invite_own_runner(p_runner) THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(7242, 3);
  SELECT coalesce(sum(recipients), 0) INTO used
    FROM relay_use WHERE relay = p_relay AND minute > p_now - interval '24 hours 1 minute';
  granted := greatest(0, least(p_want::bigint, p_limit - used))::integer;
  IF granted > 0 THEN
    INSERT INTO relay_use (relay, minute, recipients) VALUES (p_relay, date_trunc('minute', p_now), granted)
      ON CONFLICT (relay, minute) DO UPDATE SET recipients = relay_use.recipients + excluded.recipients;
  END IF;
  -- minutes that left the window are kept for a week, for the record
  DELETE FROM relay_use WHERE relay = p_relay AND minute < p_now - interval '7 days';
  RETURN granted;
END $$;

-- Gives back recipients reserved at p_now and not claimed.
CREATE OR REPLACE FUNCTION invite_refund_quota(p_runner bigint, p_relay text, p_n integer, p_now timestamptz)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  n integer;
BEGIN
  IF NOT invite_own_runner(p_runner) THEN
    RETURN 0;
  END IF;
  UPDATE relay_use SET recipients = greatest(0, recipients - p_n) WHERE relay = p_relay AND minute = date_trunc('minute', p_now);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- When the oldest minute still counted leaves the rolling 24 hours, freeing its recipients.
CREATE OR REPLACE FUNCTION invite_quota_frees_at(p_relay text, p_now timestamptz)
RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT min(minute) + interval '24 hours 1 minute'
    FROM relay_use WHERE relay = p_relay AND recipients > 0 AND minute > p_now - interval '24 hours 1 minute'
$$;

SELECT invite_grant_execute(f, ARRAY['invite_desk_send', 'invite_desk_sender_service'])
  FROM unnest(ARRAY['invite_reserve_quota(bigint, text, integer, integer, timestamptz)',
                    'invite_refund_quota(bigint, text, integer, timestamptz)']) f;
