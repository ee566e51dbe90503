// catalogue: not shown — the server's schema: SQL, and the event fields and types it names
import TracedeskCore

extension Schema {
    /// Version 6: the last faults of issue 18's server store.
    /// - An id the server holds is answered as stored only for the same event (`check_resent`):
    ///   an outbox sending again what landed is still told its place, once; another event under
    ///   a known id is refused and the id named (`id-reused`). `server load` does the same.
    /// - A case named in two places of one event names one case (`check_agreement`, saying
    ///   `agreement_problem`'s refusal): a filing's
    ///   draft is its case's (`draft-case`), its contacts are (v5's `contact-id`, moved here),
    ///   and a correction of a contact's exposure names a contact filed for its case
    ///   (`not-filed`). A correction changes only the fields the desk corrects: a case id is not
    ///   one of them.
    /// - `stored_refusal` says what this schema's checks of an event's content (size, shape,
    ///   agreement) would refuse of a stored event: `server migrate` counts the events stored
    ///   under an older schema that it would refuse, and keeps them.
    static var v6: [String] {
        [
            #"""
            -- Stored event and re-sent event compared as jsonb: keys in any order, spelt plainly.
            -- Nothing in the event is the server's own: the actor is the login's (checked equal before
            -- this), the place and the time it arrived are columns. So the whole event is compared.
            CREATE FUNCTION tracedesk.check_resent(p_id text, p_stored text, p_e jsonb) RETURNS void
              LANGUAGE plpgsql AS $f$
            BEGIN
              IF p_stored IS NOT NULL AND p_stored::jsonb IS DISTINCT FROM p_e THEN
                PERFORM tracedesk.refuse('id-reused', '23505',
                  format('the server holds another event under the id %s; an id names one event, and the event sent is not it', p_id),
                  jsonb_build_object('id', p_id));
              END IF;
            END
            $f$
            """#,
            #"""
            -- The case ids one event names in two places, which can disagree only in a hand-made
            -- event: the first that disagree, as the refusal that names both (code, SQLSTATE, words,
            -- values); NULL when they agree. Said, not raised: `stored_refusal` asks it of every
            -- stored filing without a subtransaction each.
            CREATE FUNCTION tracedesk.agreement_problem(p_e jsonb, p_kind text) RETURNS jsonb
              LANGUAGE plpgsql AS $f$
            DECLARE
              d jsonb := p_e->'data';
              v_case text := d->>'caseId';
              v_other text;
            BEGIN
              IF p_kind = 'interview.filed' THEN
                -- The interview walked is the case's: a lead reviews the draft as this case's.
                IF d->'draft'->>'caseId' IS DISTINCT FROM v_case THEN
                  RETURN jsonb_build_object('code', 'draft-case', 'state', '22023',
                    'message', format('interview.filed of case %s holds the interview draft of case %s', v_case, d->'draft'->>'caseId'),
                    'args', jsonb_build_object('case', v_case, 'draft', d->'draft'->>'caseId'));
                END IF;
                -- A contact's id is its case's: an interview cannot file, and so take, the id of
                -- another case's contact.
                SELECT x->>'contactId' INTO v_other FROM jsonb_array_elements(d->'contacts') x
                  WHERE NOT starts_with(x->>'contactId', v_case || '-') OR x->>'caseId' IS DISTINCT FROM v_case LIMIT 1;
                IF v_other IS NOT NULL THEN
                  RETURN jsonb_build_object('code', 'contact-id', 'state', '22023',
                    'message', format('contact %s is not one of case %s''s', v_other, v_case),
                    'args', jsonb_build_object('contact', v_other, 'case', v_case));
                END IF;
              ELSIF p_kind = 'case.corrected' AND d->>'contactId' IS NOT NULL THEN
                -- The exposure corrected is the contact's to this case (a desk's replay ignores any other).
                IF NOT EXISTS (SELECT 1 FROM tracedesk.contacts k WHERE k.contact_id = d->>'contactId' AND k.case_id = v_case) THEN
                  RETURN jsonb_build_object('code', 'not-filed', 'state', '23503',
                    'message', format('contact %s was not filed in an interview of case %s', d->>'contactId', v_case),
                    'args', jsonb_build_object('contact', d->>'contactId', 'case', v_case));
                END IF;
              END IF;
              RETURN NULL;
            END
            $f$
            """#,
            #"""
            -- `append`'s check: the disagreement refused.
            CREATE FUNCTION tracedesk.check_agreement(p_e jsonb, p_kind text) RETURNS void
              LANGUAGE plpgsql AS $f$
            DECLARE
              p jsonb;
            BEGIN
              -- Only the kinds that name a case twice are looked at: the others pay one comparison.
              IF p_kind IN ('interview.filed', 'case.corrected') THEN
                p := tracedesk.agreement_problem(p_e, p_kind);
                IF p IS NOT NULL THEN
                  PERFORM tracedesk.refuse(p->>'code', p->>'state', p->>'message', p->'args');
                END IF;
              END IF;
            END
            $f$
            """#,
            // The fields a correction changes are the record's the desk corrects (and a contact's
            // last exposure): a case id is never one, so no correction names a second case.
            "UPDATE tracedesk.event_shapes SET allowed = '{\(correctedFields.joined(separator: ","))}' "
                + "WHERE kind = 'case.corrected' AND path IN ('{data,changes,*,field}', '{data,conflicts,*,field}')",
            appendV6,
            loadEventV6,
            #"""
            -- Why this schema's checks of content would refuse a stored event, as the refusal's code;
            -- NULL when they would not. What depended on the moment (who held the case, the clock) is
            -- not judged again. An event that fits costs the compiled expression; only one that
            -- does not is walked for its reason.
            CREATE FUNCTION tracedesk.stored_refusal(p_event text) RETURNS text
              LANGUAGE plpgsql AS $f$
            DECLARE
              e jsonb;
            BEGIN
              IF octet_length(p_event) <= tracedesk.event_bytes_limit() THEN
                e := p_event::jsonb;
                IF jsonb_typeof(e) = 'object' AND e->>'type' <> '*' AND tracedesk.shape_fits(e, e->>'type')
                   AND tracedesk.agreement_problem(e, e->>'type') IS NULL THEN
                  RETURN NULL;
                END IF;
              END IF;
              RETURN tracedesk.stored_refusal_walked(p_event);
            END
            $f$
            """#,
            #"""
            CREATE FUNCTION tracedesk.stored_refusal_walked(p_event text) RETURNS text
              LANGUAGE plpgsql AS $f$
            DECLARE
              e jsonb;
              v_hint text;
            BEGIN
              PERFORM tracedesk.check_size(p_event);
              e := p_event::jsonb;
              PERFORM tracedesk.check_shape(e, e->>'type');
              PERFORM tracedesk.check_agreement(e, e->>'type');
              RETURN NULL;
            EXCEPTION WHEN OTHERS THEN
              GET STACKED DIAGNOSTICS v_hint = PG_EXCEPTION_HINT;
              RETURN CASE WHEN v_hint LIKE 'td:%' THEN substr(v_hint, 4) ELSE 'unreadable' END;
            END
            $f$
            """#,
            #"""
            REVOKE ALL ON FUNCTION tracedesk.check_resent(text, text, jsonb), tracedesk.agreement_problem(jsonb, text), tracedesk.check_agreement(jsonb, text),
              tracedesk.stored_refusal(text), tracedesk.stored_refusal_walked(text) FROM PUBLIC
            """#,
        ]
    }

    /// The field names a `case.corrected` carries: the record's the desk corrects, and a
    /// contact's last exposure.
    static var correctedFields: [String] { CaseRecord.correctableFields + [CaseCorrection.lastExposureField] }

    /// v6's `server load`: v2's, and an id already stored is taken as loaded only for the same
    /// event (as `append` answers it); another event under it stops the load, naming the id.
    static let loadEventV6 = #"""
    CREATE OR REPLACE FUNCTION tracedesk.load_event(p_event text, p_team text, OUT loaded boolean)
      LANGUAGE plpgsql SET search_path = tracedesk, pg_temp AS $f$
    DECLARE
      e jsonb := p_event::jsonb;
      d jsonb := e->'data';
      v_kind text := e->>'type';
      v_case text;
      v_team text;
      v_seq bigint;
      v_known record;
    BEGIN
      SELECT ev.event INTO v_known FROM event_ids i LEFT JOIN events ev ON ev.team = i.team AND ev.seq = i.seq WHERE i.id = e->>'id';
      IF FOUND THEN
        PERFORM check_resent(e->>'id', v_known.event, e);
        loaded := false; RETURN;
      END IF;
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
      ELSIF v_kind = 'interview.filed' AND jsonb_typeof(d->'contacts') = 'array' THEN
        INSERT INTO contacts (contact_id, case_id, team, is_close, tracer)
          SELECT x->>'contactId', v_case, v_team, coalesce((x->'isClose') = 'true'::jsonb, false), e->>'actor'
          FROM jsonb_array_elements(d->'contacts') x WHERE jsonb_typeof(x->'contactId') = 'string'
          ON CONFLICT (contact_id) DO UPDATE SET is_close = excluded.is_close;
      ELSIF v_kind = 'followup.assigned' THEN
        UPDATE contacts SET tracer = d->>'tracer' WHERE contact_id = d->>'contactId';
      END IF;
      IF v_kind = 'contact.converted' THEN
        UPDATE contacts SET converted_case = v_case WHERE contact_id = d->>'contactId' AND converted_case IS NULL;
      END IF;
      UPDATE teams t SET next_seq = t.next_seq + 1 WHERE t.team = v_team RETURNING t.next_seq - 1 INTO v_seq;
      IF v_seq IS NULL THEN RAISE EXCEPTION 'tracedesk: no team %', v_team USING ERRCODE = '23503'; END IF;
      INSERT INTO events (team, seq, id, case_id, kind, actor, at, event)
        VALUES (v_team, v_seq, e->>'id', v_case, v_kind, e->>'actor', (e->>'ts')::timestamptz, e::text);
      INSERT INTO event_ids (id, team, seq) VALUES (e->>'id', v_team, v_seq);
      loaded := true;
    END
    $f$
    """#
}
