-- Invite Desk schema. One rule for a valid email, evaluated in the database and used
-- everywhere (counts, details, sending): trimmed, exactly one '@', a non-empty local part
-- without spaces or control characters, a domain with at least one dot and no empty label,
-- at most 254 characters.
CREATE FUNCTION invite_email_norm(e text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT lower(btrim(e, E' \t\r\n\u00a0')) $$;

CREATE FUNCTION invite_email_valid(e text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(
         length(btrim(e, E' \t\r\n\u00a0')) BETWEEN 3 AND 254
     AND btrim(e, E' \t\r\n\u00a0') ~ '^[^@[:space:][:cntrl:]\u00a0]+@[^@[:space:][:cntrl:]\u00a0]+$'
     AND split_part(btrim(e, E' \t\r\n\u00a0'), '@', 2) ~ '^[^.]+(\.[^.]+)+$', false)
  $$;

CREATE TABLE app_user (
  id          bigserial PRIMARY KEY,
  login       text NOT NULL UNIQUE,
  full_name   text NOT NULL
);

CREATE TABLE permission (
  id    integer PRIMARY KEY,
  name  text NOT NULL
);

CREATE TABLE user_permission (
  user_id        bigint  NOT NULL REFERENCES app_user(id),
  permission_id  integer NOT NULL REFERENCES permission(id),
  PRIMARY KEY (user_id, permission_id)
);

INSERT INTO permission (id, name) VALUES
  (120, 'Maintain Notification Templates'),
  (390, 'Send Account Portal Invitations');

CREATE TABLE division (
  id               bigserial PRIMARY KEY,
  code             text NOT NULL UNIQUE,
  name             text NOT NULL,
  email            text NOT NULL,
  portal_base_url  text NOT NULL
);

CREATE TABLE account_class  (id bigserial PRIMARY KEY, division_id bigint NOT NULL REFERENCES division(id), code text NOT NULL, name text NOT NULL, UNIQUE (division_id, code));
CREATE TABLE bill_group     (id bigserial PRIMARY KEY, division_id bigint NOT NULL REFERENCES division(id), code text NOT NULL, name text NOT NULL, UNIQUE (division_id, code));
CREATE TABLE account_source (id bigserial PRIMARY KEY, division_id bigint NOT NULL REFERENCES division(id), code text NOT NULL, name text NOT NULL, UNIQUE (division_id, code));
CREATE TABLE site_source    (id bigserial PRIMARY KEY, division_id bigint NOT NULL REFERENCES division(id), code text NOT NULL, name text NOT NULL, UNIQUE (division_id, code));

CREATE TABLE account (
  id                 bigserial PRIMARY KEY,
  division_id        bigint  NOT NULL REFERENCES division(id),
  number             text    NOT NULL UNIQUE,
  name               text    NOT NULL,
  account_class_id   bigint  REFERENCES account_class(id),
  bill_group_id      bigint  REFERENCES bill_group(id),
  account_source_id  bigint  REFERENCES account_source(id),
  is_open            boolean NOT NULL DEFAULT true,
  balance_due        numeric(12,2) NOT NULL DEFAULT 0,
  autopay_active     boolean NOT NULL DEFAULT false
);
CREATE INDEX account_division_idx ON account (division_id)
  INCLUDE (account_class_id, bill_group_id, account_source_id, balance_due, autopay_active)
  WHERE is_open;

CREATE TABLE site (
  id              bigserial PRIMARY KEY,
  account_id      bigint NOT NULL REFERENCES account(id),
  site_source_id  bigint REFERENCES site_source(id),
  address         text NOT NULL
);
CREATE INDEX site_account_idx ON site (account_id, site_source_id);

CREATE TABLE service (
  id          bigserial PRIMARY KEY,
  account_id  bigint NOT NULL REFERENCES account(id),
  site_id     bigint REFERENCES site(id),
  description text NOT NULL,
  start_date  date NOT NULL,
  end_date    date
);
CREATE INDEX service_account_idx ON service (account_id, start_date, end_date);

CREATE TABLE contact (
  id           bigserial PRIMARY KEY,
  account_id   bigint NOT NULL REFERENCES account(id),
  first_name   text NOT NULL DEFAULT '',
  last_name    text NOT NULL DEFAULT '',
  email        text,
  is_billing   boolean NOT NULL DEFAULT false,
  email_norm   text    GENERATED ALWAYS AS (invite_email_norm(email)) STORED,
  email_valid  boolean GENERATED ALWAYS AS (invite_email_valid(email)) STORED
);
CREATE INDEX contact_account_idx ON contact (account_id) INCLUDE (is_billing, email_valid, email_norm);
CREATE INDEX contact_email_idx ON contact (email_norm);

CREATE TABLE portal_account (
  id          bigserial PRIMARY KEY,
  email_norm  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE notification_template (
  id            bigserial PRIMARY KEY,
  template_key  text NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  name          text NOT NULL,
  kind          text NOT NULL DEFAULT 'PORTAL_INVITE',
  subject       text NOT NULL,
  html_body     text NOT NULL,
  text_body     text NOT NULL,
  active        boolean NOT NULL DEFAULT true,
  changed_at    timestamptz NOT NULL DEFAULT now(),
  changed_by    text NOT NULL DEFAULT 'system',
  UNIQUE (template_key, version)
);

CREATE TABLE invitation_batch (
  id             bigserial PRIMARY KEY,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  division_id    bigint NOT NULL REFERENCES division(id),
  filters        text NOT NULL,
  template_id    bigint NOT NULL REFERENCES notification_template(id),
  email_from     text NOT NULL,
  status         text NOT NULL DEFAULT 'QUEUED'
                 CHECK (status IN ('QUEUED','SENDING','PAUSED','CANCELLED','DONE')),
  status_reason  text,
  queued         integer NOT NULL DEFAULT 0,
  skipped        integer NOT NULL DEFAULT 0,
  sent           integer NOT NULL DEFAULT 0,
  failed         integer NOT NULL DEFAULT 0,
  in_doubt       integer NOT NULL DEFAULT 0,
  finished_at    timestamptz
);

-- QUEUED: waiting; CLAIMED: taken by a worker, not yet handed to SMTP (safe to re-queue);
-- SENDING: handed to SMTP, reply not yet recorded (after a crash: in doubt);
-- IN_DOUBT: found SENDING by resume, waits for a person's decision.
CREATE TABLE invitation (
  id              bigserial PRIMARY KEY,
  batch_id        bigint REFERENCES invitation_batch(id),
  email_norm      text NOT NULL,
  email           text NOT NULL,
  contact_id      bigint REFERENCES contact(id),
  token_hash      text,
  status          text NOT NULL
                  CHECK (status IN ('QUEUED','CLAIMED','SENDING','SENT','FAILED','IN_DOUBT','ACCEPTED','EXPIRED','SUPERSEDED')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  accepted_at     timestamptz,
  expires_at      timestamptz,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text
);
-- At most one open (not yet delivered) invitation per address: the database decides
-- when two people press Send at once.
CREATE UNIQUE INDEX invitation_one_open_per_email
  ON invitation (email_norm) WHERE status IN ('QUEUED','CLAIMED','SENDING','IN_DOUBT');
CREATE INDEX invitation_batch_idx ON invitation (batch_id, status);
CREATE INDEX invitation_email_idx ON invitation (email_norm);

-- Invitation and portal status belong to the address (case-insensitive). Kept current by
-- triggers so that counts join one narrow table instead of aggregating invitations.
CREATE TABLE email_status (
  email_norm       text PRIMARY KEY,
  has_portal       boolean NOT NULL DEFAULT false,
  invited          boolean NOT NULL DEFAULT false,
  times_invited    integer NOT NULL DEFAULT 0,
  last_invited_at  timestamptz,
  accepted_at      timestamptz,
  last_status      text
);

CREATE FUNCTION email_status_on_invitation_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO email_status AS s (email_norm, invited, times_invited, last_invited_at, accepted_at, has_portal, last_status)
  SELECT email_norm, true,
         count(*) FILTER (WHERE sent_at IS NOT NULL),
         max(sent_at), max(accepted_at), bool_or(status = 'ACCEPTED'),
         (array_agg(status ORDER BY id DESC))[1]
    FROM new_rows GROUP BY email_norm
  ON CONFLICT (email_norm) DO UPDATE SET
    invited = true,
    times_invited = s.times_invited + EXCLUDED.times_invited,
    last_invited_at = greatest(s.last_invited_at, EXCLUDED.last_invited_at),
    accepted_at = coalesce(s.accepted_at, EXCLUDED.accepted_at),
    has_portal = s.has_portal OR EXCLUDED.has_portal,
    last_status = EXCLUDED.last_status;
  RETURN NULL;
END $$;
CREATE TRIGGER invitation_insert_status AFTER INSERT ON invitation
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION email_status_on_invitation_insert();

CREATE FUNCTION email_status_on_invitation_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE email_status s SET
    times_invited = s.times_invited + u.newly_sent,
    last_invited_at = greatest(s.last_invited_at, u.last_sent),
    accepted_at = coalesce(s.accepted_at, u.accepted),
    has_portal = s.has_portal OR u.accepted IS NOT NULL,
    last_status = coalesce(u.last_status, s.last_status)
  FROM (
    SELECT n.email_norm,
           count(*) FILTER (WHERE n.sent_at IS NOT NULL AND o.sent_at IS DISTINCT FROM n.sent_at) AS newly_sent,
           max(n.sent_at) AS last_sent,
           max(n.accepted_at) AS accepted,
           (array_agg(n.status ORDER BY n.id DESC) FILTER (WHERE n.status <> 'SUPERSEDED'))[1] AS last_status
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE n.status IS DISTINCT FROM o.status OR n.sent_at IS DISTINCT FROM o.sent_at
     GROUP BY n.email_norm) u
  WHERE s.email_norm = u.email_norm;
  RETURN NULL;
END $$;
CREATE TRIGGER invitation_update_status AFTER UPDATE ON invitation
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION email_status_on_invitation_update();

CREATE FUNCTION email_status_on_portal_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO email_status AS s (email_norm, has_portal)
  SELECT DISTINCT email_norm, true FROM new_rows
  ON CONFLICT (email_norm) DO UPDATE SET has_portal = true;
  RETURN NULL;
END $$;
CREATE TRIGGER portal_insert_status AFTER INSERT ON portal_account
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION email_status_on_portal_insert();
