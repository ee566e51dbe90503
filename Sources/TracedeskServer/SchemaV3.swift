extension Schema {
    /// Version 3: schema 2's checks, made cheap. The same events are refused, with the same codes,
    /// values and words; what changed is how an event that fits is found to fit:
    /// - `event_shapes` is compiled into one plpgsql function, `shape_fits(event, kind)`: each kind's
    ///   fields as one boolean expression, each array walked once for all its elements' fields.
    ///   v2 called plpgsql `shape_problem` once a field, and again a field and element under an
    ///   array (a filing with five contacts: over a hundred calls a save). Only an event that does
    ///   not fit is walked as v2 walked it, to name the first field at fault exactly as before.
    ///   A change to `event_shapes` compiles it again (a trigger), so the two never disagree.
    /// - The time policy's two settings are read in one query.
    /// - `append` plans its statements once a session (`plan_cache_mode = force_generic_plan`):
    ///   otherwise a session's first five calls are each planned afresh (custom plans), which
    ///   nearly doubled a filing's second save in a session (2.19 against 1.16 ms).
    static let v3: [String] = [
        #"""
        -- `p_x`'s value along `p_path`: NULL where a step is absent or its parent not an object
        -- (`->` with a key gives NULL on an array or a scalar), as shape_problem walks it.
        CREATE FUNCTION tracedesk.shape_sql_along(p_x text, p_path text[]) RETURNS text
          LANGUAGE sql IMMUTABLE AS $f$
            SELECT p_x || coalesce(string_agg(' -> ' || quote_literal(s), '' ORDER BY o), '')
            FROM unnest(p_path) WITH ORDINALITY AS u (s, o)
          $f$
        """#,
        #"""
        -- The test that `p_v` (not NULL) is of `p_type` and among `p_allowed`: shape_problem's.
        -- CASE, not AND, so the day's arithmetic never meets text the pattern refused.
        CREATE FUNCTION tracedesk.shape_sql_type(p_v text, p_type text, p_allowed text[]) RETURNS text
          LANGUAGE plpgsql IMMUTABLE AS $f$
        DECLARE
          s text := '(' || p_v || ' #>> ''{}'')';
          json_type text := CASE p_type WHEN 'int' THEN 'number' WHEN 'day' THEN 'string' WHEN 'time' THEN 'string'
                                        WHEN 'id' THEN 'string' ELSE p_type END;
          more text := CASE p_type
            WHEN 'int' THEN s || ' ~ ''^-?[0-9]{1,15}$'''
            WHEN 'day' THEN format('CASE WHEN %s ~ %L THEN tracedesk.is_desk_day(%s) ELSE false END', s,
              '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', s)
            WHEN 'time' THEN format('CASE WHEN %s ~ %L THEN tracedesk.is_desk_day(left(%s, 10)) ELSE false END', s,
              '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z$', s)
            WHEN 'id' THEN format('%s ~ %L', s, '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')
            ELSE 'true' END;
        BEGIN
          IF p_allowed IS NOT NULL THEN
            more := format('(%s) AND %s = ANY (%L::text[])', more, s, p_allowed);
          END IF;
          RETURN format('CASE WHEN jsonb_typeof(%s) = %L THEN %s ELSE false END', p_v, json_type, more);
        END
        $f$
        """#,
        #"""
        -- `p_kind`'s fields under `p_prefix` (which ends in `*`, or is empty: the event) as one
        -- boolean expression over `p_x`, true when none is missing or misshapen as shape_problem
        -- sees them: a required field's parent that is an object has it, of its type; an
        -- optional one is absent, null or of its type; an array's elements are walked once, by
        -- one NOT EXISTS, for all the fields under it.
        CREATE FUNCTION tracedesk.shape_sql(p_kind text, p_prefix text[], p_x text, p_depth int) RETURNS text
          LANGUAGE plpgsql STABLE SET search_path = tracedesk, pg_temp AS $f$
        DECLARE
          np int := coalesce(array_length(p_prefix, 1), 0);
          r record;
          parts text[] := '{}';
          n int;
          el text := 'e' || p_depth;
        BEGIN
          FOR r IN SELECT s.path[np + 1 :] AS rel, s.type, s.required, s.allowed FROM event_shapes s
                   WHERE s.kind IN ('*', p_kind) AND s.path[1 : np] = p_prefix AND NOT '*' = ANY (s.path[np + 1 :])
                   ORDER BY s.kind = '*' DESC, s.path LOOP
            n := coalesce(array_length(r.rel, 1), 0);
            IF n = 0 THEN
              -- The array's element itself (`p_x` is never NULL here; JSON null fits no type).
              parts := parts || shape_sql_type(p_x, r.type, r.allowed);
            ELSIF r.required THEN
              parts := parts || format('CASE WHEN jsonb_typeof(%s) IS DISTINCT FROM ''object'' THEN true ELSE %s END',
                                       shape_sql_along(p_x, r.rel[1 : n - 1]), shape_sql_type(shape_sql_along(p_x, r.rel), r.type, r.allowed));
            ELSE
              parts := parts || format('CASE WHEN coalesce(jsonb_typeof(%s), ''null'') = ''null'' THEN true ELSE %s END',
                                       shape_sql_along(p_x, r.rel), shape_sql_type(shape_sql_along(p_x, r.rel), r.type, r.allowed));
            END IF;
          END LOOP;
          FOR r IN SELECT DISTINCT s.path[np + 1 : np + array_position(s.path[np + 1 :], '*') - 1] AS a FROM event_shapes s
                   WHERE s.kind IN ('*', p_kind) AND s.path[1 : np] = p_prefix AND '*' = ANY (s.path[np + 1 :])
                   ORDER BY 1 LOOP
            parts := parts || format(
              'CASE WHEN jsonb_typeof(%1$s) = ''array'' THEN NOT EXISTS (SELECT FROM jsonb_array_elements(%1$s) AS %2$s (x) WHERE (%3$s) IS NOT TRUE) ELSE true END',
              shape_sql_along(p_x, r.a), el, shape_sql(p_kind, p_prefix || r.a || '{*}'::text[], el || '.x', p_depth + 1));
          END LOOP;
          RETURN coalesce(array_to_string(parts, E'\n AND '), 'true');
        END
        $f$
        """#,
        #"""
        -- Writes `shape_fits(p_e, p_kind)` from `event_shapes`: a kind with no rows fits nothing.
        -- plpgsql, one RETURN a kind: a session plans a kind's expression once, when it first
        -- meets the kind, and keeps the plan (a SQL function holding subqueries is not inlined
        -- and was planned again at every call: 4.8 ms). Builtins only, and is_desk_day by its
        -- schema, so no search_path is set (that costs every call).
        CREATE FUNCTION tracedesk.compile_shapes() RETURNS void
          LANGUAGE plpgsql SET search_path = tracedesk, pg_temp AS $f$
        DECLARE
          body text;
        BEGIN
          SELECT string_agg(format(E'  WHEN %L THEN RETURN\n    %s;', k.kind, shape_sql(k.kind, '{}', 'p_e', 1)), E'\n' ORDER BY k.kind) INTO body
          FROM (SELECT DISTINCT kind FROM event_shapes WHERE kind <> '*') k;
          EXECUTE format('CREATE OR REPLACE FUNCTION tracedesk.shape_fits(p_e jsonb, p_kind text) RETURNS boolean '
                         'LANGUAGE plpgsql IMMUTABLE AS %L',
                         E'BEGIN\nCASE p_kind\n' || coalesce(body, '') || E'\n  ELSE RETURN false;\nEND CASE;\nEND');
          REVOKE ALL ON FUNCTION tracedesk.shape_fits(jsonb, text) FROM PUBLIC;
        END
        $f$
        """#,
        #"""
        SELECT tracedesk.compile_shapes()
        """#,
        #"""
        CREATE FUNCTION tracedesk.shapes_changed() RETURNS trigger
          LANGUAGE plpgsql SET search_path = tracedesk, pg_temp AS $f$
        BEGIN
          PERFORM compile_shapes();
          RETURN NULL;
        END
        $f$
        """#,
        #"""
        -- Whoever changes the shapes (an admin, a later migration) changes what append checks.
        CREATE TRIGGER event_shapes_compiled AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tracedesk.event_shapes
          FOR EACH STATEMENT EXECUTE FUNCTION tracedesk.shapes_changed()
        """#,
        appendV3,
        #"""
        REVOKE ALL ON FUNCTION tracedesk.shape_sql_along(text, text[]), tracedesk.shape_sql_type(text, text, text[]),
          tracedesk.shape_sql(text, text[], text, int), tracedesk.compile_shapes(), tracedesk.shapes_changed() FROM PUBLIC
        """#,
    ]
}
