/// The server's schema, as numbered migrations. Each runs once, in one transaction, and
/// `tracedesk.schema_version` records the last; a database newer than this build is refused
/// (its rules would be unknown to this desk).
///
/// The security model, in short (the README says it in full):
/// - One PostgreSQL login role per person, named by their tracedesk id; the group roles
///   `tracedesk_tracer`, `tracedesk_lead` and `tracedesk_data` carry the privileges.
/// - Nobody but the owner may write a table. Events enter only through
///   `tracedesk.append(event)`, a `SECURITY DEFINER` function that stamps the actor from
///   `session_user`, refuses an event naming anyone else, checks the role an event kind needs
///   and the team it belongs to, and decides claims on the `cases` row.
/// - Row-level security shows each login its teams' events (a data login, the city's).
/// - Each team's events are numbered under that team's row lock, so numbers commit in order:
///   a desk that reads "after the last number I saw" never skips an event that committed late.
/// - Since v2 (`SchemaV2.swift`), `append` also checks what an event says: its shape, its time,
///   the contacts it names, a case id taken once; and moves a case whose kecamatan changes.
/// - Since v3 (`SchemaV3.swift`), the same checks cost less: the shapes compiled into one
///   function (`shape_fits`), append's plans kept for the session.
/// - Since v5 (`SchemaV5.swift`), an event carries only the fields the desk writes, each within
///   the desk's limits (`EventLimit`, TracedeskCore), and is no larger than they allow.
/// - Since v6 (`SchemaV6.swift`), an id already stored is answered as stored only for the same
///   event, and a case an event names in two places is one case; `server migrate` says how
///   many stored events the new checks would refuse (they stay stored).
///
/// - A save wakes its team's listening desks only where the database asks for it
///   (`ALTER DATABASE … SET tracedesk.notify = on`): desks poll by default, and a NOTIFY makes
///   every commit in the cluster wait for the one before it (v2's `append`).
///
/// A migration once released is never edited: a server may have run it. A change is a new one.
enum Schema {
    /// The newest schema this build knows.
    static var version: Int { migrations.count }

    /// Each migration as its statements: postgres-nio sends one command per statement, and a
    /// list needs no SQL splitter of our own (quotes, dollar quotes, comments).
    static let migrations: [[String]] = [v1, v2, v3, v4, v5, v6]

    static let v1: [String] = [
        #"""
        CREATE SCHEMA tracedesk
        """#,
        #"""
        REVOKE ALL ON SCHEMA tracedesk FROM PUBLIC
        """#,
        #"""
        -- Roles are the cluster's, shared by its databases: made once, whoever comes first.
        DO $$ BEGIN CREATE ROLE tracedesk_tracer NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$
        """#,
        #"""
        DO $$ BEGIN CREATE ROLE tracedesk_lead NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$
        """#,
        #"""
        DO $$ BEGIN CREATE ROLE tracedesk_data NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$
        """#,
        #"""
        GRANT USAGE ON SCHEMA tracedesk TO tracedesk_tracer, tracedesk_lead, tracedesk_data
        """#,
        #"""
        CREATE TABLE tracedesk.schema_version (version int NOT NULL)
        """#,
        #"""
        INSERT INTO tracedesk.schema_version VALUES (0)
        """#,
        #"""
        -- A team and the next number of its event stream (taken under this row's lock).
        -- The team's settings live in the JSON the desk's team file holds (review, targets).
        CREATE TABLE tracedesk.teams (
          team text PRIMARY KEY CHECK (team <> ''),
          next_seq bigint NOT NULL DEFAULT 1,
          settings text NOT NULL DEFAULT '{}'
        )
        """#,
        #"""
        -- Line-list rows are routed to the team of their kecamatan.
        CREATE TABLE tracedesk.areas (
          kecamatan text PRIMARY KEY,
          team text NOT NULL REFERENCES tracedesk.teams
        )
        """#,
        #"""
        CREATE TABLE tracedesk.members (
          id text PRIMARY KEY,
          name text NOT NULL,
          role text NOT NULL CHECK (role IN ('tracer', 'lead', 'data')),
          active boolean NOT NULL DEFAULT true
        )
        """#,
        #"""
        CREATE TABLE tracedesk.member_teams (
          id text NOT NULL REFERENCES tracedesk.members,
          team text NOT NULL REFERENCES tracedesk.teams,
          PRIMARY KEY (id, team)
        )
        """#,
        #"""
        -- The claim of each case, decided here: one holder or none.
        CREATE TABLE tracedesk.cases (
          case_id text PRIMARY KEY,
          team text NOT NULL REFERENCES tracedesk.teams,
          holder text REFERENCES tracedesk.members
        )
        """#,
        #"""
        CREATE INDEX cases_team ON tracedesk.cases (team)
        """#,
        #"""
        -- Every event, as the journal writes it (JSON, without the file's seq and checksum:
        -- the server has its own). `team` leads the key so a city can be distributed by team.
        CREATE TABLE tracedesk.events (
          team text NOT NULL REFERENCES tracedesk.teams,
          seq bigint NOT NULL,
          id text NOT NULL,
          case_id text,
          kind text NOT NULL,
          actor text NOT NULL,
          at timestamptz NOT NULL,
          recorded_at timestamptz NOT NULL DEFAULT now(),
          event text NOT NULL,
          PRIMARY KEY (team, seq),
          UNIQUE (team, id)
        )
        """#,
        #"""
        CREATE INDEX events_case ON tracedesk.events (case_id, seq)
        """#,
        #"""
        -- An event id is unique across the city: an outbox resent twice lands once.
        CREATE TABLE tracedesk.event_ids (id text PRIMARY KEY, team text NOT NULL, seq bigint NOT NULL)
        """#,
        #"""
        ALTER TABLE tracedesk.events ENABLE ROW LEVEL SECURITY
        """#,
        #"""
        -- The teams the login works in; every team for the data role.
        CREATE FUNCTION tracedesk.my_teams() RETURNS text[]
          LANGUAGE sql STABLE SECURITY DEFINER SET search_path = tracedesk, pg_temp AS $f$
            SELECT CASE WHEN EXISTS (SELECT 1 FROM members m WHERE m.id = session_user AND m.role = 'data' AND m.active)
                        THEN (SELECT coalesce(array_agg(team), '{}') FROM teams)
                        ELSE (SELECT coalesce(array_agg(mt.team), '{}') FROM member_teams mt JOIN members m USING (id)
                              WHERE mt.id = session_user AND m.active) END
          $f$
        """#,
        #"""
        CREATE POLICY events_of_my_teams ON tracedesk.events FOR SELECT
          USING (team = ANY (tracedesk.my_teams()))
        """#,
        #"""
        -- The LISTEN channel of a team (a name PostgreSQL takes whatever the team is called).
        CREATE FUNCTION tracedesk.channel(p_team text) RETURNS text
          LANGUAGE sql IMMUTABLE AS $f$ SELECT 'td_' || left(md5(p_team), 16) $f$
        """#,
        #"""
        -- Who the login is, for the desk: id, name, role and teams.
        CREATE FUNCTION tracedesk.whoami(OUT id text, OUT name text, OUT role text, OUT teams text[])
          LANGUAGE sql STABLE SECURITY DEFINER SET search_path = tracedesk, pg_temp AS $f$
            SELECT m.id, m.name, m.role, tracedesk.my_teams() FROM members m WHERE m.id = session_user AND m.active
          $f$
        """#,
        #"""
        -- The members of the login's teams (the desk's team list: names for ids, who is a lead).
        CREATE FUNCTION tracedesk.team_members()
          RETURNS TABLE (id text, name text, role text, active boolean, team text)
          LANGUAGE sql STABLE SECURITY DEFINER SET search_path = tracedesk, pg_temp AS $f$
            SELECT m.id, m.name, m.role, m.active, mt.team FROM members m JOIN member_teams mt USING (id)
            WHERE mt.team = ANY (tracedesk.my_teams())
          $f$
        """#,
        #"""
        -- The one way an event enters. Returns the team and number it was given; an event whose
        -- id is already stored returns its place and writes nothing (an outbox sent twice).
        -- `p_team` names the team of an event not about one case (an import's commit).
        CREATE FUNCTION tracedesk.append(p_event text, p_team text DEFAULT NULL, OUT team text, OUT seq bigint)
          LANGUAGE plpgsql SECURITY DEFINER SET search_path = tracedesk, pg_temp AS $f$
        DECLARE
          e jsonb := p_event::jsonb;
          d jsonb := e->'data';
          v_kind text := e->>'type';
          v_id text := e->>'id';
          v_case text := d->>'caseId';
          v_actor text := session_user;
          v_role text;
          v_holder text;
          v_known record;
          v_kec text;
        BEGIN
          SELECT m.role INTO v_role FROM members m WHERE m.id = v_actor AND m.active;
          IF v_role IS NULL THEN
            RAISE EXCEPTION 'tracedesk: % is not a member of any team', v_actor USING ERRCODE = '42501';
          END IF;
          IF v_id IS NULL OR v_kind IS NULL THEN
            RAISE EXCEPTION 'tracedesk: an event needs an id and a type' USING ERRCODE = '22023';
          END IF;
          -- The database says who acted; an event naming someone else is refused, not rewritten.
          IF e->>'actor' IS DISTINCT FROM v_actor THEN
            RAISE EXCEPTION 'tracedesk: the event names % as its actor, but % is logged in', e->>'actor', v_actor USING ERRCODE = '42501';
          END IF;
          SELECT i.team, i.seq INTO v_known FROM event_ids i WHERE i.id = v_id;
          IF FOUND THEN team := v_known.team; seq := v_known.seq; RETURN; END IF;

          IF v_kind IN ('case.imported', 'contact.converted') THEN
            v_case := d->'record'->>'caseId';
          ELSIF v_kind IN ('followup.called', 'followup.assigned', 'person.linked', 'person.unlinked') THEN
            -- About a contact, not a case: in the team the desk names, which must be the login's.
            v_case := NULL;
          END IF;

          -- Roles.
          IF v_kind IN ('case.imported', 'import.committed', 'import.abandoned')
             OR (v_kind = 'case.corrected' AND d ? 'batch' AND d->>'batch' IS NOT NULL) THEN
            IF v_role <> 'data' THEN
              RAISE EXCEPTION 'tracedesk: only the data role imports line lists (% is a %)', v_actor, v_role USING ERRCODE = '42501';
            END IF;
          ELSIF v_kind = 'case.corrected' THEN
            IF v_role NOT IN ('lead', 'data') THEN
              RAISE EXCEPTION 'tracedesk: only a lead or the data role corrects a record (% is a %)', v_actor, v_role USING ERRCODE = '42501';
            END IF;
          ELSIF v_kind IN ('case.assigned', 'review.approved', 'review.returned', 'followup.assigned', 'person.unlinked') THEN
            IF v_role <> 'lead' THEN
              RAISE EXCEPTION 'tracedesk: only a team lead may write % (% is a %)', v_kind, v_actor, v_role USING ERRCODE = '42501';
            END IF;
          ELSIF v_role = 'data' THEN
            RAISE EXCEPTION 'tracedesk: the data role does not work cases (%)', v_kind USING ERRCODE = '42501';
          END IF;

          -- The team: a new case's from its kecamatan, or its source case's for a contact who
          -- became a case; any other case's from the case.
          IF v_kind = 'case.imported' THEN
            v_kec := d->'record'->>'kecamatan';
            SELECT a.team INTO team FROM areas a WHERE lower(a.kecamatan) = lower(v_kec);
            IF team IS NULL THEN
              RAISE EXCEPTION 'tracedesk: no team covers kecamatan "%" (case %); add it with tracedesk server add-area', v_kec, v_case USING ERRCODE = '23503';
            END IF;
            INSERT INTO cases (case_id, team) VALUES (v_case, team);
          ELSIF v_kind = 'contact.converted' THEN
            SELECT c.team INTO team FROM cases c WHERE c.case_id = d->>'sourceCaseId';
            IF team IS NULL THEN
              RAISE EXCEPTION 'tracedesk: no case %', d->>'sourceCaseId' USING ERRCODE = '23503';
            END IF;
            INSERT INTO cases (case_id, team) VALUES (v_case, team);
          ELSIF v_case IS NOT NULL THEN
            SELECT c.team, c.holder INTO team, v_holder FROM cases c WHERE c.case_id = v_case FOR UPDATE;
            IF team IS NULL THEN
              RAISE EXCEPTION 'tracedesk: no case %', v_case USING ERRCODE = '23503';
            END IF;
          ELSE
            team := p_team;
            IF team IS NULL OR NOT EXISTS (SELECT 1 FROM teams t WHERE t.team = p_team) THEN
              RAISE EXCEPTION 'tracedesk: % needs a team', v_kind USING ERRCODE = '22023';
            END IF;
          END IF;
          IF v_role <> 'data' AND NOT EXISTS (SELECT 1 FROM member_teams mt WHERE mt.id = v_actor AND mt.team = append.team) THEN
            RAISE EXCEPTION 'tracedesk: % is not in team %', v_actor, team USING ERRCODE = '42501';
          END IF;

          -- Claims are decided here: one holder, and only the holder works the case.
          IF v_kind = 'case.claimed' THEN
            IF v_holder IS NOT NULL AND v_holder <> v_actor THEN
              RAISE EXCEPTION 'tracedesk: case % is held by %', v_case, v_holder USING ERRCODE = 'P0001', HINT = 'held';
            END IF;
            UPDATE cases c SET holder = v_actor WHERE c.case_id = v_case;
          ELSIF v_kind = 'case.assigned' THEN
            IF NOT EXISTS (SELECT 1 FROM member_teams mt JOIN members m USING (id)
                           WHERE mt.id = d->>'tracer' AND mt.team = append.team AND m.active AND m.role = 'tracer') THEN
              RAISE EXCEPTION 'tracedesk: % is not a tracer in team %', d->>'tracer', team USING ERRCODE = '23503';
            END IF;
            UPDATE cases c SET holder = d->>'tracer' WHERE c.case_id = v_case;
          ELSIF v_kind IN ('call.logged', 'case.referred', 'interview.saved', 'interview.filed') THEN
            IF v_holder IS DISTINCT FROM v_actor THEN
              RAISE EXCEPTION 'tracedesk: case % is held by %', v_case, coalesce(v_holder, 'nobody') USING ERRCODE = 'P0001', HINT = 'held';
            END IF;
          END IF;

          -- The number, under the team's row lock: held to commit, so numbers commit in order.
          UPDATE teams t SET next_seq = t.next_seq + 1 WHERE t.team = append.team RETURNING t.next_seq - 1 INTO seq;
          INSERT INTO events (team, seq, id, case_id, kind, actor, at, event)
            VALUES (team, seq, v_id, v_case, v_kind, v_actor, (e->>'ts')::timestamptz, p_event);
          INSERT INTO event_ids (id, team, seq) VALUES (v_id, team, seq);
          -- One channel per team: a save wakes its team's desks, not the city's.
          PERFORM pg_notify(tracedesk.channel(team), '');
        END
        $f$
        """#,
        #"""
        -- `server load`: a file journal's events as they were written (their actors, their team),
        -- each once by id. The owner's alone: no group role may call it.
        CREATE FUNCTION tracedesk.load_event(p_event text, p_team text, OUT loaded boolean)
          LANGUAGE plpgsql SET search_path = tracedesk, pg_temp AS $f$
        DECLARE
          e jsonb := p_event::jsonb;
          d jsonb := e->'data';
          v_kind text := e->>'type';
          v_case text;
          v_team text;
          v_seq bigint;
        BEGIN
          IF EXISTS (SELECT 1 FROM event_ids WHERE id = e->>'id') THEN loaded := false; RETURN; END IF;
          IF v_kind IN ('case.imported', 'contact.converted') THEN
            v_case := d->'record'->>'caseId';
            INSERT INTO cases (case_id, team) VALUES (v_case, p_team) ON CONFLICT DO NOTHING;
          ELSIF v_kind NOT IN ('followup.called', 'followup.assigned', 'person.linked', 'person.unlinked') THEN
            v_case := d->>'caseId';
          END IF;
          SELECT c.team INTO v_team FROM cases c WHERE c.case_id = v_case;
          v_team := coalesce(v_team, p_team);
          IF v_kind = 'case.claimed' THEN
            UPDATE cases SET holder = e->>'actor' WHERE case_id = v_case AND holder IS NULL
              AND EXISTS (SELECT 1 FROM members m WHERE m.id = e->>'actor');
          ELSIF v_kind = 'case.assigned' THEN
            UPDATE cases SET holder = d->>'tracer' WHERE case_id = v_case
              AND EXISTS (SELECT 1 FROM members m WHERE m.id = d->>'tracer');
          END IF;
          UPDATE teams t SET next_seq = t.next_seq + 1 WHERE t.team = v_team RETURNING t.next_seq - 1 INTO v_seq;
          IF v_seq IS NULL THEN RAISE EXCEPTION 'tracedesk: no team %', v_team USING ERRCODE = '23503'; END IF;
          INSERT INTO events (team, seq, id, case_id, kind, actor, at, event)
            VALUES (v_team, v_seq, e->>'id', v_case, v_kind, e->>'actor', (e->>'ts')::timestamptz, p_event);
          INSERT INTO event_ids (id, team, seq) VALUES (e->>'id', v_team, v_seq);
          loaded := true;
        END
        $f$
        """#,
        #"""
        REVOKE ALL ON ALL TABLES IN SCHEMA tracedesk FROM PUBLIC
        """#,
        #"""
        REVOKE ALL ON ALL FUNCTIONS IN SCHEMA tracedesk FROM PUBLIC
        """#,
        #"""
        GRANT SELECT ON tracedesk.events TO tracedesk_tracer, tracedesk_lead, tracedesk_data
        """#,
        #"""
        GRANT SELECT ON tracedesk.schema_version TO tracedesk_tracer, tracedesk_lead, tracedesk_data
        """#,
        #"""
        GRANT EXECUTE ON FUNCTION tracedesk.append(text, text), tracedesk.my_teams(), tracedesk.whoami(), tracedesk.channel(text),
          tracedesk.team_members() TO tracedesk_tracer, tracedesk_lead, tracedesk_data
        """#,
    ]
}
