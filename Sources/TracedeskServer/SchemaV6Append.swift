// catalogue: not shown — the server's schema: SQL, and the event fields and types it names
extension Schema {
    /// v6's `append`: v5's, with an id it holds compared before it is answered as stored
    /// (`check_resent`), and the case ids an event names in two places checked to agree
    /// (`check_agreement`, which now holds v5's check of a filing's contacts too).
    static let appendV6 = #"""
    CREATE OR REPLACE FUNCTION tracedesk.append(p_event text, p_team text DEFAULT NULL, OUT team text, OUT seq bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = tracedesk, pg_temp SET plan_cache_mode = force_generic_plan AS $f$
    DECLARE
      e jsonb;
      d jsonb;
      v_kind text;
      v_id text;
      v_case text;
      v_actor text := session_user;
      v_role text;
      v_holder text;
      v_known record;
      v_kec text;
      v_ts timestamptz;
      v_contact record;
      v_to_team text;
      v_from_team text;
      v_about text;
    BEGIN
      -- Its size before anything reads it: a 15 MB event costs one length, not a parse.
      PERFORM check_size(p_event);
      e := p_event::jsonb;
      d := e->'data';
      v_kind := e->>'type';
      v_id := e->>'id';
      SELECT m.role INTO v_role FROM members m WHERE m.id = v_actor AND m.active;
      IF v_role IS NULL THEN
        PERFORM refuse('not-member', '42501', format('%s is not a member of any team', v_actor), jsonb_build_object('login', v_actor));
      END IF;
      IF jsonb_typeof(e) IS DISTINCT FROM 'object' OR v_id IS NULL OR v_kind IS NULL THEN
        PERFORM refuse('no-id', '22023', 'an event needs an id and a type');
      END IF;
      -- The database says who acted; an event naming someone else is refused, not rewritten.
      IF e->>'actor' IS DISTINCT FROM v_actor THEN
        PERFORM refuse('not-actor', '42501', format('the event names %s as its actor, but %s is logged in', e->>'actor', v_actor),
                       jsonb_build_object('actor', e->>'actor', 'login', v_actor));
      END IF;
      -- An outbox sending again what landed: its place, whenever it was stamped; but only when
      -- it is the same event. Another event under a known id (a client's bug, or a modified
      -- client told it was stored for what it did not store) is refused, naming the id.
      SELECT i.team, i.seq, ev.event INTO v_known FROM event_ids i LEFT JOIN events ev ON ev.team = i.team AND ev.seq = i.seq
        WHERE i.id = v_id;
      IF FOUND THEN
        PERFORM check_resent(v_id, v_known.event, e);
        team := v_known.team; seq := v_known.seq; RETURN;
      END IF;

      -- The shape the desk writes, every field within its limit and no field besides.
      PERFORM check_shape(e, v_kind);
      -- A case named twice in one event names one case (a filing's draft and contacts, a
      -- correction's contact).
      PERFORM check_agreement(e, v_kind);
      v_ts := check_time(e->>'ts');

      v_case := d->>'caseId';
      IF v_kind IN ('case.imported', 'contact.converted') THEN
        v_case := d->'record'->>'caseId';
      ELSIF v_kind IN ('followup.called', 'followup.assigned', 'person.linked', 'person.unlinked') THEN
        -- About a contact, not a case: in the team that filed the contact.
        v_case := NULL;
      END IF;

      -- Roles.
      IF v_kind IN ('case.imported', 'import.committed', 'import.abandoned')
         OR (v_kind = 'case.corrected' AND d->>'batch' IS NOT NULL) THEN
        IF v_role <> 'data' THEN
          PERFORM refuse('role-data', '42501', format('only the data role imports line lists (%s is a %s)', v_actor, v_role),
                         jsonb_build_object('login', v_actor, 'role', v_role));
        END IF;
      ELSIF v_kind = 'case.corrected' THEN
        IF v_role NOT IN ('lead', 'data') THEN
          PERFORM refuse('role-correct', '42501', format('only a lead or the data role corrects a record (%s is a %s)', v_actor, v_role),
                         jsonb_build_object('login', v_actor, 'role', v_role));
        END IF;
      ELSIF v_kind IN ('case.assigned', 'review.approved', 'review.returned', 'followup.assigned', 'person.unlinked') THEN
        IF v_role <> 'lead' THEN
          PERFORM refuse('role-lead', '42501', format('only a team lead may write %s (%s is a %s)', v_kind, v_actor, v_role),
                         jsonb_build_object('kind', v_kind, 'login', v_actor, 'role', v_role));
        END IF;
      ELSIF v_role = 'data' AND v_kind <> 'person.linked' THEN
        -- The data role links or keeps apart the people a line list names; it works no case.
        PERFORM refuse('role-data-cases', '42501', format('the data role does not work cases (%s)', v_kind), jsonb_build_object('kind', v_kind));
      END IF;

      -- The team: a new case's from its kecamatan, a converted contact's from the filing that
      -- named it, a contact's from its filing; any other case's from the case.
      IF v_kind = 'case.imported' THEN
        v_kec := d->'record'->>'kecamatan';
        SELECT a.team INTO team FROM areas a WHERE lower(a.kecamatan) = lower(v_kec);
        IF team IS NULL THEN
          PERFORM refuse('no-area', '23503',
            format('no team covers kecamatan "%s" (case %s); an admin adds it: tracedesk server add-team TEAM --area "%s"', v_kec, v_case, v_kec),
            jsonb_build_object('kecamatan', v_kec, 'case', v_case));
        END IF;
        INSERT INTO cases (case_id, team) VALUES (v_case, team) ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
          PERFORM refuse('case-exists', '23505', format('case %s exists already', v_case), jsonb_build_object('case', v_case));
        END IF;
      ELSIF v_kind = 'contact.converted' THEN
        SELECT k.* INTO v_contact FROM contacts k WHERE k.contact_id = d->>'contactId' FOR UPDATE;
        IF NOT FOUND OR v_contact.case_id IS DISTINCT FROM d->>'sourceCaseId' THEN
          PERFORM refuse('not-filed', '23503', format('contact %s was not filed in an interview of case %s', d->>'contactId', d->>'sourceCaseId'),
                         jsonb_build_object('contact', d->>'contactId', 'case', d->>'sourceCaseId'));
        END IF;
        PERFORM refuse_unless_open_and_yours(v_contact.contact_id, v_contact.converted_case, v_contact.tracer, v_role, v_actor);
        team := v_contact.team;
        INSERT INTO cases (case_id, team) VALUES (v_case, team) ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
          PERFORM refuse('case-exists', '23505', format('case %s exists already', v_case), jsonb_build_object('case', v_case));
        END IF;
        UPDATE contacts k SET converted_case = v_case WHERE k.contact_id = v_contact.contact_id;
      ELSIF v_kind IN ('followup.called', 'followup.assigned') THEN
        SELECT k.* INTO v_contact FROM contacts k WHERE k.contact_id = d->>'contactId' FOR UPDATE;
        IF NOT FOUND OR NOT v_contact.is_close THEN
          PERFORM refuse('no-contact', '23503', format('no contact %s under follow-up', d->>'contactId'), jsonb_build_object('contact', d->>'contactId'));
        END IF;
        team := v_contact.team;
        IF v_kind = 'followup.called' THEN
          PERFORM refuse_unless_open_and_yours(v_contact.contact_id, v_contact.converted_case, v_contact.tracer, v_role, v_actor);
        ELSE
          IF NOT EXISTS (SELECT 1 FROM member_teams mt JOIN members m USING (id)
                         WHERE mt.id = d->>'tracer' AND mt.team = append.team AND m.active AND m.role = 'tracer') THEN
            PERFORM refuse('not-tracer', '23503', format('%s is not a tracer in team %s', d->>'tracer', team),
                           jsonb_build_object('tracer', d->>'tracer', 'team', team));
          END IF;
          UPDATE contacts k SET tracer = d->>'tracer' WHERE k.contact_id = v_contact.contact_id;
        END IF;
      ELSIF v_kind IN ('person.linked', 'person.unlinked') THEN
        -- The person's team: a contact's (where their follow-up is), or a case's when the person
        -- named is a case (two case ids of one NIK kept apart at import).
        SELECT k.team INTO team FROM contacts k WHERE k.contact_id = d->>'contactId';
        IF team IS NULL THEN SELECT c.team INTO team FROM cases c WHERE c.case_id = d->>'contactId'; END IF;
        IF team IS NULL THEN
          PERFORM refuse('no-person', '23503', format('no contact or case %s', d->>'contactId'), jsonb_build_object('person', d->>'contactId'));
        END IF;
        IF d->>'toContact' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.contact_id = d->>'toContact') THEN
          PERFORM refuse('no-person', '23503', format('no contact or case %s', d->>'toContact'), jsonb_build_object('person', d->>'toContact'));
        END IF;
        IF d->>'toCase' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = d->>'toCase') THEN
          PERFORM refuse('no-person', '23503', format('no contact or case %s', d->>'toCase'), jsonb_build_object('person', d->>'toCase'));
        END IF;
        -- A tracer links a contact they are entering (issue 16): one of a case they hold, or that
        -- case itself. The known person it links to may be anywhere: matching is city-wide.
        IF v_role = 'tracer' THEN
          SELECT c.case_id, c.holder INTO v_about, v_holder FROM contacts k JOIN cases c ON c.case_id = k.case_id
            WHERE k.contact_id = d->>'contactId';
          IF v_about IS NULL THEN
            SELECT c.case_id, c.holder INTO v_about, v_holder FROM cases c WHERE c.case_id = d->>'contactId';
          END IF;
          IF v_holder IS DISTINCT FROM v_actor THEN
            PERFORM refuse('held', 'P0001', format('case %s is held by %s', v_about, coalesce(v_holder, 'nobody')),
                           jsonb_build_object('case', v_about, 'holder', coalesce(v_holder, '')));
          END IF;
        END IF;
      ELSIF v_case IS NOT NULL THEN
        SELECT c.team, c.holder INTO team, v_holder FROM cases c WHERE c.case_id = v_case FOR UPDATE;
        IF team IS NULL THEN
          PERFORM refuse('no-case', '23503', format('no case %s', v_case), jsonb_build_object('case', v_case));
        END IF;
      ELSE
        team := p_team;
        IF team IS NULL OR NOT EXISTS (SELECT 1 FROM teams t WHERE t.team = p_team) THEN
          PERFORM refuse('needs-team', '22023', format('%s needs a team', v_kind), jsonb_build_object('kind', v_kind));
        END IF;
      END IF;
      IF v_role <> 'data' AND NOT EXISTS (SELECT 1 FROM member_teams mt WHERE mt.id = v_actor AND mt.team = append.team) THEN
        PERFORM refuse('not-in-team', '42501', format('%s is not in team %s', v_actor, team), jsonb_build_object('login', v_actor, 'team', team));
      END IF;

      -- Only the holder works the case: a tracer's event that names a case needs them to hold it,
      -- whatever its kind (one an admin adds too). The exceptions are the kinds that decide
      -- holding: a claim, and a conversion (its case is new; its contact's follow-up is checked).
      IF v_role = 'tracer' AND v_case IS NOT NULL AND v_kind NOT IN ('case.claimed', 'contact.converted')
         AND v_holder IS DISTINCT FROM v_actor THEN
        PERFORM refuse('held', 'P0001', format('case %s is held by %s', v_case, coalesce(v_holder, 'nobody')),
                       jsonb_build_object('case', v_case, 'holder', coalesce(v_holder, '')));
      END IF;

      -- Claims are decided here: one holder.
      IF v_kind = 'case.claimed' THEN
        IF v_holder IS NOT NULL AND v_holder <> v_actor THEN
          PERFORM refuse('held', 'P0001', format('case %s is held by %s', v_case, v_holder), jsonb_build_object('case', v_case, 'holder', v_holder));
        END IF;
        UPDATE cases c SET holder = v_actor WHERE c.case_id = v_case;
      ELSIF v_kind = 'case.assigned' THEN
        IF NOT EXISTS (SELECT 1 FROM member_teams mt JOIN members m USING (id)
                       WHERE mt.id = d->>'tracer' AND mt.team = append.team AND m.active AND m.role = 'tracer') THEN
          PERFORM refuse('not-tracer', '23503', format('%s is not a tracer in team %s', d->>'tracer', team),
                         jsonb_build_object('tracer', d->>'tracer', 'team', team));
        END IF;
        UPDATE cases c SET holder = d->>'tracer' WHERE c.case_id = v_case;
      ELSIF v_kind IN ('call.logged', 'case.referred', 'interview.saved', 'interview.filed') THEN
        IF v_holder IS DISTINCT FROM v_actor THEN
          PERFORM refuse('held', 'P0001', format('case %s is held by %s', v_case, coalesce(v_holder, 'nobody')),
                         jsonb_build_object('case', v_case, 'holder', coalesce(v_holder, '')));
        END IF;
        IF v_kind = 'interview.filed' THEN
          -- Its contacts are known from now on (each one of this case's: `check_agreement`).
          INSERT INTO contacts (contact_id, case_id, team, is_close, tracer)
            SELECT x->>'contactId', v_case, team, (x->'isClose') = 'true'::jsonb, v_actor FROM jsonb_array_elements(d->'contacts') x
            ON CONFLICT (contact_id) DO UPDATE SET is_close = excluded.is_close, team = excluded.team;
        END IF;
      ELSIF v_kind = 'case.corrected' THEN
        -- A new kecamatan another team covers moves the case there: from this event on, its
        -- events are that team's. It arrives unclaimed; that team's lead gives it to a tracer.
        SELECT ch->>'to' INTO v_kec FROM jsonb_array_elements(d->'changes') ch WHERE ch->>'field' = 'kecamatan' LIMIT 1;
        IF v_kec IS NOT NULL THEN
          SELECT a.team INTO v_to_team FROM areas a WHERE lower(a.kecamatan) = lower(v_kec);
          IF v_to_team IS NOT NULL AND v_to_team <> team THEN
            UPDATE cases c SET team = v_to_team, holder = NULL WHERE c.case_id = v_case;
            v_from_team := team;
            team := v_to_team;
          END IF;
        END IF;
      END IF;

      -- The number, under the team's row lock: held to commit, so numbers commit in order.
      UPDATE teams t SET next_seq = t.next_seq + 1 WHERE t.team = append.team RETURNING t.next_seq - 1 INTO seq;
      -- Stored as checked: jsonb's own text holds each key once and spelt plainly. The client's
      -- text could say two things to two readers (a key twice, or spelt with \u escapes; jsonb
      -- keeps the last copy, a desk the first), and a tracer's login could forge a lead's act.
      INSERT INTO events (team, seq, id, case_id, kind, actor, at, event)
        VALUES (team, seq, v_id, v_case, v_kind, v_actor, v_ts, e::text);
      INSERT INTO event_ids (id, team, seq) VALUES (v_id, team, seq);
      IF v_from_team IS NOT NULL THEN
        INSERT INTO case_moves (team, seq, case_id, from_team) VALUES (team, seq, v_case, v_from_team);
      END IF;
      -- One channel per team: a save wakes its team's desks, not the city's.
      -- Only where the database asks (ALTER DATABASE … SET tracedesk.notify = on): a NOTIFY holds
      -- one cluster-wide lock from its commit until the WAL is flushed, so with every save
      -- notifying, the city's saves committed one at a time (bench city flat out: 423 saves/s);
      -- desks poll by default and listen to nothing.
      IF current_setting('tracedesk.notify', true) = 'on' THEN
        PERFORM pg_notify(tracedesk.channel(team), '');
      END IF;
    END
    $f$
    """#
}
