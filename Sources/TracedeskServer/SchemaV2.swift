extension Schema {
    /// Version 2: the database checks what an event says, not only who may say it. A tracer's
    /// own login in psql is a client like any other, so what the desk refuses must be refused
    /// here too wherever it keeps the city's data whole:
    /// - every event has the shape the desk writes (`event_shapes`, one row a field);
    /// - a time no outbox can explain is refused (`settings`: how far ahead, how far back);
    /// - contacts are known (`contacts`, filled from filings): a conversion, a follow-up call
    ///   or assignment, or a link names a contact that was filed in the team;
    /// - a case id is never taken twice, and the refusal names it;
    /// - a correction that moves a case to another kecamatan moves it to that team;
    /// - each refusal carries a code (HINT `td:CODE`) and its values (DETAIL, JSON), which the
    ///   desk says in the user's language.
    /// Applied to a v1 database with events: the new tables are filled from those events.
    static let v2: [String] = [
        #"""
        -- What an admin may tune: UPDATE tracedesk.settings SET value = '10 days' WHERE name = 'max_behind'.
        CREATE TABLE tracedesk.settings (name text PRIMARY KEY, value interval NOT NULL)
        """#,
        #"""
        -- An event may be stamped a little ahead (clocks differ) and well behind: an outbox holds
        -- work typed during an outage and sends it when the server is back.
        INSERT INTO tracedesk.settings VALUES ('max_ahead', '5 minutes'), ('max_behind', '7 days')
        """#,
        #"""
        -- The fields each kind of event has, as the desk writes them (Event.swift and the types it
        -- holds). `path` walks the event's JSON; `*` is every element of an array. A field under
        -- an absent optional parent is not looked for. Kind '*' is every event's envelope.
        -- A kind with no rows is not an event this schema knows.
        CREATE TABLE tracedesk.event_shapes (
          kind text NOT NULL,
          path text[] NOT NULL,
          type text NOT NULL CHECK (type IN ('string', 'int', 'boolean', 'array', 'object', 'day', 'time', 'id')),
          required boolean NOT NULL,
          allowed text[],
          PRIMARY KEY (kind, path)
        )
        """#,
        #"""
        INSERT INTO tracedesk.event_shapes (kind, path, type, required, allowed) VALUES
          ('*', '{v}', 'int', true, '{1,2,3}'),
          ('*', '{id}', 'id', true, NULL),
          ('*', '{ts}', 'time', true, NULL),
          ('*', '{actor}', 'string', true, NULL),
          ('*', '{type}', 'string', true, NULL),
          ('*', '{data}', 'object', true, NULL),

          ('case.imported', '{data,batch}', 'string', true, NULL),
          ('case.imported', '{data,record}', 'object', true, NULL),
          ('contact.converted', '{data,contactId}', 'string', true, NULL),
          ('contact.converted', '{data,sourceCaseId}', 'string', true, NULL),
          ('contact.converted', '{data,record}', 'object', true, NULL),

          ('import.committed', '{data,batch}', 'string', true, NULL),
          ('import.committed', '{data,count}', 'int', true, NULL),
          ('import.abandoned', '{data,batch}', 'string', true, NULL),
          ('import.abandoned', '{data,count}', 'int', true, NULL),

          ('case.claimed', '{data,caseId}', 'string', true, NULL),
          ('call.logged', '{data,caseId}', 'string', true, NULL),
          ('call.logged', '{data,outcome}', 'string', true, '{reached,reached_later,no_answer,busy,wrong_number,refused,call_back}'),
          ('call.logged', '{data,note}', 'string', false, NULL),
          ('call.logged', '{data,callbackAt}', 'time', false, NULL),
          ('call.logged', '{data,unconfirmed}', 'boolean', false, NULL),
          ('case.referred', '{data,caseId}', 'string', true, NULL),
          ('case.referred', '{data,failedAttempts}', 'int', true, NULL),

          ('interview.saved', '{data,caseId}', 'string', true, NULL),
          ('interview.saved', '{data,ruleSetId}', 'string', true, NULL),
          ('interview.filed', '{data,caseId}', 'string', true, NULL),
          ('interview.filed', '{data,outcome}', 'string', true, '{completed,refused}'),
          ('interview.filed', '{data,ruleSetId}', 'string', true, NULL),
          ('interview.filed', '{data,ruleSetVersion}', 'int', true, NULL),
          ('interview.filed', '{data,period}', 'object', false, NULL),
          ('interview.filed', '{data,period,start}', 'day', true, NULL),
          ('interview.filed', '{data,period,end}', 'day', true, NULL),
          ('interview.filed', '{data,daysWalked}', 'int', true, NULL),
          ('interview.filed', '{data,draft}', 'object', true, NULL),
          ('interview.filed', '{data,draft,caseId}', 'string', true, NULL),
          ('interview.filed', '{data,draft,ruleSetId}', 'string', true, NULL),
          ('interview.filed', '{data,recording}', 'string', false, NULL),
          ('interview.filed', '{data,contacts}', 'array', true, NULL),
          ('interview.filed', '{data,contacts,*}', 'object', true, NULL),
          ('interview.filed', '{data,contacts,*,contactId}', 'string', true, NULL),
          ('interview.filed', '{data,contacts,*,caseId}', 'string', true, NULL),
          ('interview.filed', '{data,contacts,*,name}', 'string', true, NULL),
          ('interview.filed', '{data,contacts,*,phone}', 'string', false, NULL),
          ('interview.filed', '{data,contacts,*,nik}', 'string', false, NULL),
          ('interview.filed', '{data,contacts,*,sex}', 'string', true, '{M,F,U}'),
          ('interview.filed', '{data,contacts,*,age}', 'int', false, NULL),
          ('interview.filed', '{data,contacts,*,relationship}', 'string', false,
             '{household,family,coworker,classmate,worship,health_worker,transport,social,other}'),
          ('interview.filed', '{data,contacts,*,setting}', 'string', true, NULL),
          ('interview.filed', '{data,contacts,*,firstExposure}', 'day', false, NULL),
          ('interview.filed', '{data,contacts,*,lastExposure}', 'day', false, NULL),
          ('interview.filed', '{data,contacts,*,exposureDays}', 'array', true, NULL),
          ('interview.filed', '{data,contacts,*,exposureDays,*}', 'day', true, NULL),
          ('interview.filed', '{data,contacts,*,isClose}', 'boolean', true, NULL),
          ('interview.filed', '{data,contacts,*,classification}', 'string', true, NULL),
          ('interview.filed', '{data,contacts,*,quarantineEnd}', 'day', false, NULL),
          ('interview.filed', '{data,contacts,*,notes}', 'string', true, NULL),

          ('case.assigned', '{data,caseId}', 'string', true, NULL),
          ('case.assigned', '{data,tracer}', 'string', true, NULL),
          ('case.assigned', '{data,from}', 'string', false, NULL),
          ('review.approved', '{data,caseId}', 'string', true, NULL),
          ('review.approved', '{data,note}', 'string', false, NULL),
          ('review.returned', '{data,caseId}', 'string', true, NULL),
          ('review.returned', '{data,note}', 'string', false, NULL),

          ('case.corrected', '{data,caseId}', 'string', true, NULL),
          ('case.corrected', '{data,changes}', 'array', true, NULL),
          ('case.corrected', '{data,changes,*}', 'object', true, NULL),
          ('case.corrected', '{data,changes,*,field}', 'string', true, NULL),
          ('case.corrected', '{data,changes,*,from}', 'string', true, NULL),
          ('case.corrected', '{data,changes,*,to}', 'string', true, NULL),
          ('case.corrected', '{data,conflicts}', 'array', false, NULL),
          ('case.corrected', '{data,conflicts,*}', 'object', true, NULL),
          ('case.corrected', '{data,conflicts,*,field}', 'string', true, NULL),
          ('case.corrected', '{data,conflicts,*,from}', 'string', true, NULL),
          ('case.corrected', '{data,conflicts,*,to}', 'string', true, NULL),
          ('case.corrected', '{data,source}', 'string', false, NULL),
          ('case.corrected', '{data,batch}', 'string', false, NULL),
          ('case.corrected', '{data,reason}', 'string', false, NULL),
          ('case.corrected', '{data,contactId}', 'string', false, NULL),

          ('followup.called', '{data,contactId}', 'string', true, NULL),
          ('followup.called', '{data,day}', 'day', true, NULL),
          ('followup.called', '{data,outcome}', 'string', true, '{reached,no_answer,busy,wrong_number,refused}'),
          ('followup.called', '{data,symptoms}', 'array', false, NULL),
          ('followup.called', '{data,symptoms,*}', 'string', true, '{fever,cough,sore_throat,smell_taste,short_breath,other}'),
          ('followup.called', '{data,otherSymptom}', 'string', false, NULL),
          ('followup.called', '{data,test}', 'object', false, NULL),
          ('followup.called', '{data,test,kind}', 'string', true, '{entry,exit}'),
          ('followup.called', '{data,test,method}', 'string', true, '{pcr,antigen}'),
          ('followup.called', '{data,test,date}', 'day', true, NULL),
          ('followup.called', '{data,test,result}', 'string', true, '{negative,positive}'),
          ('followup.called', '{data,note}', 'string', false, NULL),
          ('followup.called', '{data,unconfirmed}', 'boolean', false, NULL),
          ('followup.assigned', '{data,contactId}', 'string', true, NULL),
          ('followup.assigned', '{data,tracer}', 'string', true, NULL),
          ('followup.assigned', '{data,from}', 'string', false, NULL),

          ('person.linked', '{data,contactId}', 'string', true, NULL),
          ('person.linked', '{data,toContact}', 'string', false, NULL),
          ('person.linked', '{data,toCase}', 'string', false, NULL),
          ('person.linked', '{data,reason}', 'string', true, '{nik,phone,name_age_kelurahan}'),
          ('person.linked', '{data,linked}', 'boolean', true, NULL),
          ('person.linked', '{data,fromCase}', 'boolean', false, NULL),
          ('person.unlinked', '{data,contactId}', 'string', true, NULL),
          ('person.unlinked', '{data,toContact}', 'string', false, NULL),
          ('person.unlinked', '{data,toCase}', 'string', false, NULL),
          ('person.unlinked', '{data,reason}', 'string', true, '{nik,phone,name_age_kelurahan}'),
          ('person.unlinked', '{data,linked}', 'boolean', true, NULL),
          ('person.unlinked', '{data,fromCase}', 'boolean', false, NULL)
        """#,
        #"""
        -- A case record, wherever an event holds one (an import, a conversion).
        INSERT INTO tracedesk.event_shapes (kind, path, type, required, allowed)
        SELECT k, '{data,record}'::text[] || f.path, f.type, f.required, f.allowed
        FROM unnest(ARRAY['case.imported', 'contact.converted']) k,
          (VALUES ('{caseId}'::text[], 'string', true, NULL::text[]), ('{name}', 'string', true, NULL),
                  ('{nik}', 'string', false, NULL), ('{nikMissingReason}', 'string', false, NULL),
                  ('{phones}', 'array', true, NULL), ('{phones,*}', 'string', true, NULL),
                  ('{sex}', 'string', true, '{M,F,U}'), ('{age}', 'int', false, NULL), ('{birthDate}', 'day', false, NULL),
                  ('{address}', 'string', true, NULL), ('{rtRw}', 'string', true, NULL), ('{kelurahan}', 'string', true, NULL),
                  ('{kecamatan}', 'string', true, NULL), ('{kota}', 'string', true, NULL), ('{occupation}', 'string', true, NULL),
                  ('{specimenDate}', 'day', false, NULL), ('{resultDate}', 'day', true, NULL), ('{onsetDate}', 'day', false, NULL)
          ) AS f (path, type, required, allowed)
        """#,
        #"""
        -- A day the desk's calendar holds (Day: years 1900 to 2999, the month's real days): the
        -- pattern alone lets 30 February or 9999-12-31 through, which every desk then passes
        -- over as unreadable. Arithmetic, not a cast, so no exception block per field.
        CREATE FUNCTION tracedesk.is_desk_day(s text) RETURNS boolean
          LANGUAGE sql IMMUTABLE AS $f$
            SELECT substr(s, 1, 4)::int BETWEEN 1900 AND 2999
               AND substr(s, 9, 2)::int <= extract(day from make_date(substr(s, 1, 4)::int, substr(s, 6, 2)::int, 1)
                                                   + interval '1 month - 1 day')
          $f$
        """#,
        #"""
        -- The first field of `p_doc` along `p_path` that is missing (when required) or not of
        -- `p_type`/`p_allowed`, as a dotted path with element numbers; NULL when it fits.
        CREATE FUNCTION tracedesk.shape_problem(p_doc jsonb, p_path text[], p_type text, p_required boolean, p_allowed text[])
          RETURNS text LANGUAGE plpgsql IMMUTABLE SET search_path = tracedesk, pg_temp AS $f$
        DECLARE
          v jsonb := p_doc;
          n int := coalesce(array_length(p_path, 1), 0);
          el record;
          r text;
          s text;
          ok boolean;
        BEGIN
          FOR i IN 1 .. n LOOP
            IF p_path[i] = '*' THEN
              -- The array's own row says whether it must be there and be an array.
              IF jsonb_typeof(v) IS DISTINCT FROM 'array' THEN RETURN NULL; END IF;
              FOR el IN SELECT x, o FROM jsonb_array_elements(v) WITH ORDINALITY AS t (x, o) LOOP
                r := shape_problem(el.x, p_path[i + 1 : n], p_type, p_required, p_allowed);
                IF r IS NOT NULL THEN
                  RETURN array_to_string(p_path[1 : i - 1], '.') || '[' || (el.o - 1) || ']' || CASE WHEN r = '' THEN '' ELSE '.' || r END;
                END IF;
              END LOOP;
              RETURN NULL;
            END IF;
            -- A parent that is absent or not an object is its own row's problem.
            IF jsonb_typeof(v) IS DISTINCT FROM 'object' THEN RETURN NULL; END IF;
            v := v -> p_path[i];
            IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
              IF i = n AND p_required THEN RETURN array_to_string(p_path, '.'); END IF;
              RETURN NULL;
            END IF;
          END LOOP;
          s := v #>> '{}';
          -- Into a variable: plpgsql's IF would end its condition at the CASE's first THEN.
          ok := CASE p_type
              WHEN 'string' THEN jsonb_typeof(v) = 'string'
              WHEN 'int' THEN jsonb_typeof(v) = 'number' AND s ~ '^-?[0-9]{1,15}$'
              WHEN 'boolean' THEN jsonb_typeof(v) = 'boolean'
              WHEN 'array' THEN jsonb_typeof(v) = 'array'
              WHEN 'object' THEN jsonb_typeof(v) = 'object'
              WHEN 'day' THEN jsonb_typeof(v) = 'string' AND s ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
                AND tracedesk.is_desk_day(s)
              WHEN 'time' THEN jsonb_typeof(v) = 'string'
                AND s ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z$'
                AND tracedesk.is_desk_day(left(s, 10))
              WHEN 'id' THEN jsonb_typeof(v) = 'string' AND s ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
              ELSE false END;
          IF NOT ok OR (p_allowed IS NOT NULL AND NOT s = ANY (p_allowed)) THEN
            RETURN array_to_string(p_path, '.');
          END IF;
          RETURN NULL;
        END
        $f$
        """#,
        #"""
        -- Every refusal goes through here: English words for psql, a stable code (HINT td:CODE)
        -- and its values (DETAIL, a JSON object) for the desk, which says it in the user's language.
        CREATE FUNCTION tracedesk.refuse(p_code text, p_state text, p_message text, p_args jsonb DEFAULT '{}')
          RETURNS void LANGUAGE plpgsql AS $f$
        BEGIN
          RAISE EXCEPTION USING MESSAGE = 'tracedesk: ' || p_message, ERRCODE = p_state, HINT = 'td:' || p_code, DETAIL = p_args::text;
        END
        $f$
        """#,
        #"""
        -- A conversion and a follow-up call both act on a follow-up that is still open (its
        -- contact not yet a case) and, for a tracer, their own: one check, one set of refusals.
        CREATE FUNCTION tracedesk.refuse_unless_open_and_yours(p_contact text, p_converted text, p_tracer text, p_role text, p_actor text)
          RETURNS void LANGUAGE plpgsql SET search_path = tracedesk, pg_temp AS $f$
        BEGIN
          IF p_converted IS NOT NULL THEN
            PERFORM refuse('converted', '23505', format('contact %s became case %s already', p_contact, p_converted),
                           jsonb_build_object('contact', p_contact, 'case', p_converted));
          END IF;
          IF p_role = 'tracer' AND p_tracer IS DISTINCT FROM p_actor THEN
            PERFORM refuse('not-yours', '42501', format('the follow-up of %s is %s''s', p_contact, coalesce(p_tracer, 'nobody')),
                           jsonb_build_object('contact', p_contact, 'tracer', coalesce(p_tracer, '')));
          END IF;
        END
        $f$
        """#,
        #"""
        -- Every contact an interview filed: what a conversion, a follow-up call or assignment and
        -- a link must name. `tracer` is whose follow-up it is (who filed it, or whom a lead gave
        -- it to); `converted_case` the case it became.
        CREATE TABLE tracedesk.contacts (
          contact_id text PRIMARY KEY,
          case_id text NOT NULL,
          team text NOT NULL REFERENCES tracedesk.teams,
          is_close boolean NOT NULL,
          tracer text,
          converted_case text
        )
        """#,
        #"""
        -- A case a correction moved to another team: the correction's place in the new team's
        -- stream, where that team's desks take in the case's record from before.
        CREATE TABLE tracedesk.case_moves (
          team text NOT NULL REFERENCES tracedesk.teams,
          seq bigint NOT NULL,
          case_id text NOT NULL,
          from_team text NOT NULL,
          PRIMARY KEY (team, seq)
        )
        """#,
        #"""
        -- What a desk of the team a case moved to reads of it from before the move: the events
        -- that made its record (its import, its corrections), which are another team's stream,
        -- to take the case in as the record now stands. Its calls and interview stay that team's.
        CREATE FUNCTION tracedesk.moved_case_record(p_team text, p_seq bigint)
          RETURNS TABLE (event text)
          LANGUAGE sql STABLE SECURITY DEFINER SET search_path = tracedesk, pg_temp AS $f$
            SELECT ev.event FROM case_moves m JOIN events ev ON ev.case_id = m.case_id
            WHERE m.team = p_team AND m.seq = p_seq AND m.team = ANY (tracedesk.my_teams())
              -- A login that reads both teams has the case already.
              AND NOT m.from_team = ANY (tracedesk.my_teams())
              AND ev.kind IN ('case.imported', 'case.corrected') AND NOT (ev.team = m.team AND ev.seq >= m.seq)
            ORDER BY ev.at, ev.id
          $f$
        """#,
        #"""
        -- Events as v1 stored them are the client's text: made what v2 stores, the text as the
        -- server parsed it, so no stored event reads one way to the server and another to a desk.
        UPDATE tracedesk.events SET event = event::jsonb::text WHERE event <> event::jsonb::text
        """#,
        #"""
        -- Filled from the events a v1 server already holds: the first filing of each contact.
        INSERT INTO tracedesk.contacts (contact_id, case_id, team, is_close, tracer)
        SELECT DISTINCT ON (c->>'contactId') c->>'contactId', ev.case_id, ev.team, coalesce(c->'isClose' = 'true'::jsonb, false), ev.actor
        FROM tracedesk.events ev,
          LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(ev.event::jsonb #> '{data,contacts}') = 'array'
                                            THEN ev.event::jsonb #> '{data,contacts}' ELSE '[]'::jsonb END) c
        WHERE ev.kind = 'interview.filed' AND ev.case_id IS NOT NULL AND jsonb_typeof(c->'contactId') = 'string'
        ORDER BY c->>'contactId', ev.seq
        """#,
        #"""
        UPDATE tracedesk.contacts k SET tracer = a.tracer
        FROM (SELECT DISTINCT ON (ev.event::jsonb #>> '{data,contactId}') ev.event::jsonb #>> '{data,contactId}' AS contact_id,
                     ev.event::jsonb #>> '{data,tracer}' AS tracer
              FROM tracedesk.events ev WHERE ev.kind = 'followup.assigned'
              ORDER BY ev.event::jsonb #>> '{data,contactId}', ev.seq DESC) a
        WHERE k.contact_id = a.contact_id AND a.tracer IS NOT NULL
        """#,
        #"""
        UPDATE tracedesk.contacts k SET converted_case = x.case_id
        FROM (SELECT ev.event::jsonb #>> '{data,contactId}' AS contact_id, min(ev.case_id) AS case_id
              FROM tracedesk.events ev WHERE ev.kind = 'contact.converted' GROUP BY 1) x
        WHERE k.contact_id = x.contact_id
        """#,
        #"""
        -- A login's teams' members, and the data role's people: they import into every team and
        -- link there the people their lists name, so every team's desks read their events.
        CREATE OR REPLACE FUNCTION tracedesk.team_members()
          RETURNS TABLE (id text, name text, role text, active boolean, team text)
          LANGUAGE sql STABLE SECURITY DEFINER SET search_path = tracedesk, pg_temp AS $f$
            SELECT m.id, m.name, m.role, m.active, mt.team FROM members m JOIN member_teams mt USING (id)
            WHERE mt.team = ANY (tracedesk.my_teams())
            UNION ALL
            SELECT m.id, m.name, m.role, m.active, NULL FROM members m
            WHERE m.role = 'data' AND NOT EXISTS (SELECT 1 FROM member_teams mt WHERE mt.id = m.id AND mt.team = ANY (tracedesk.my_teams()))
          $f$
        """#,
        appendV2,
        loadEventV2,
        #"""
        REVOKE ALL ON tracedesk.settings, tracedesk.event_shapes, tracedesk.contacts, tracedesk.case_moves FROM PUBLIC
        """#,
        #"""
        REVOKE ALL ON FUNCTION tracedesk.shape_problem(jsonb, text[], text, boolean, text[]),
          tracedesk.refuse(text, text, text, jsonb),
          tracedesk.refuse_unless_open_and_yours(text, text, text, text, text) FROM PUBLIC
        """#,
        #"""
        GRANT EXECUTE ON FUNCTION tracedesk.moved_case_record(text, bigint) TO tracedesk_tracer, tracedesk_lead, tracedesk_data
        """#,
        #"""
        -- Anyone may read what the server checks (the desk and a curious tracer alike).
        GRANT SELECT ON tracedesk.settings, tracedesk.event_shapes TO tracedesk_tracer, tracedesk_lead, tracedesk_data
        """#,
    ]
}
