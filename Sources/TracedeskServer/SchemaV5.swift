// catalogue: not shown — the server's schema: SQL, and the event fields and types it names
import TracedeskCore

extension Schema {
    /// Version 5: an event carries what the desk writes and no more (a tester stored unknown
    /// keys at every level, a 3 MB note and a 2,000,000-element array through a tracer's login).
    /// - The limits are the desk's (`EventLimit`, TracedeskCore), written into `tracedesk.limits`
    ///   from that table; `event_shapes.max_of` says which holds a field (a text without one is a
    ///   `line`; an array or the draft's map of days must name one). Changing a limit is an
    ///   UPDATE of `limits`, checked at once (a trigger compiles again), and a desk of the same
    ///   schema must then be built with the same numbers: the tests hold the two equal.
    /// - The whole event's size is checked first, on the text as it arrived (`octet_length`),
    ///   before it is parsed; then each field: a text no longer than its limit, an array with no
    ///   more elements than its limit, checked before its elements are walked.
    /// - A key the shapes do not name, at any object the desk writes (the envelope, `data`, each
    ///   contact, each day of the draft, …), is refused and named (`unknown-field`).
    /// - The shapes now name every field the desk writes: the interview draft's (it was only
    ///   its case and rule set), a filed contact's criterion and reason for no NIK.
    /// - `append`'s checks are small functions a later migration replaces one at a time:
    ///   `check_size`, `check_shape` (and the walk `event_problem` behind it), `check_time`;
    ///   the holder, link and team rules stay in `append`, which is the same as v4's from there.
    /// An event that fits still pays one compiled expression (`shape_fits`), now with the keys
    /// and lengths in it.
    static var v5: [String] {
        [
            #"""
            -- What one event may carry (TracedeskCore's EventLimit): bytes for the whole event,
            -- characters for a text, elements for an array, days for the draft's walk.
            CREATE TABLE tracedesk.limits (name text PRIMARY KEY, value int NOT NULL CHECK (value > 0))
            """#,
            "INSERT INTO tracedesk.limits (name, value) VALUES "
                + EventLimit.allCases.map { "('\($0.rawValue)', \($0.value))" }.joined(separator: ", "),
            #"""
            -- The shapes change below; they are compiled once at the end.
            ALTER TABLE tracedesk.event_shapes DISABLE TRIGGER event_shapes_compiled
            """#,
            #"""
            -- `map`: an object whose keys are days (the draft's walk); `*` is each of its values.
            ALTER TABLE tracedesk.event_shapes DROP CONSTRAINT event_shapes_type_check,
              ADD CONSTRAINT event_shapes_type_check CHECK (type IN ('string', 'int', 'boolean', 'array', 'object', 'map', 'day', 'time', 'id'))
            """#,
            #"""
            -- The limit that holds the field: a text without one is a `line`.
            ALTER TABLE tracedesk.event_shapes ADD COLUMN max_of text REFERENCES tracedesk.limits
            """#,
            #"""
            INSERT INTO tracedesk.event_shapes (kind, path, type, required, allowed) VALUES
              ('interview.filed', '{data,contacts,*,nikMissingReason}', 'string', false, NULL),
              ('interview.filed', '{data,contacts,*,criterion}', 'string', false, NULL)
            """#,
            draftRows(kind: "interview.saved", under: ["data"]),
            draftRows(kind: "interview.filed", under: ["data", "draft"]),
        ]
        + EventLimits.fields.map { f in
            "UPDATE tracedesk.event_shapes SET max_of = '\(f.limit.rawValue)' WHERE kind = '\(f.kind)' AND path = '{\(f.path.joined(separator: ","))}'"
        }
        + [
            #"""
            ALTER TABLE tracedesk.event_shapes ADD CONSTRAINT event_shapes_limited CHECK (type NOT IN ('array', 'map') OR max_of IS NOT NULL)
            """#,
            #"""
            -- The limit's value for a shape row (NULL: a field no length holds, a day or a number).
            CREATE FUNCTION tracedesk.shape_limit(p_type text, p_max_of text) RETURNS int
              LANGUAGE sql STABLE AS $f$
                SELECT l.value FROM tracedesk.limits l WHERE l.name = coalesce(p_max_of, CASE WHEN p_type = 'string' THEN 'line' END)
              $f$
            """#,
            #"""
            -- The keys an object at `p_path` may have: the names of its fields in the shapes.
            CREATE FUNCTION tracedesk.shape_keys(p_kind text, p_path text[]) RETURNS text[]
              LANGUAGE sql STABLE AS $f$
                SELECT coalesce(array_agg(DISTINCT s.path[coalesce(array_length(p_path, 1), 0) + 1] ORDER BY s.path[coalesce(array_length(p_path, 1), 0) + 1]), '{}')
                FROM tracedesk.event_shapes s
                WHERE s.kind IN ('*', p_kind) AND array_length(s.path, 1) = coalesce(array_length(p_path, 1), 0) + 1
                  AND s.path[1 : coalesce(array_length(p_path, 1), 0)] = p_path
              $f$
            """#,
            #"""
            -- A day the desk's calendar holds, from any text (the pattern first, then the arithmetic).
            CREATE FUNCTION tracedesk.is_day_text(s text) RETURNS boolean
              LANGUAGE sql IMMUTABLE AS $f$
                SELECT CASE WHEN s ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' THEN tracedesk.is_desk_day(s) ELSE false END
              $f$
            """#,
            #"""
            -- (No search_path of its own, here and in the walks below: setting one costs every call.)
            -- The walk behind a refusal: the first value along `p_path` (from step `p_from`) that is
            -- beyond its limit (`too-long`, when `p_sizes`) or missing or misshapen (`bad-field`),
            -- as {code, dotted name with element numbers, limit}; NULL when all fit. v2's walk with
            -- lengths, and `*` over the values of a map as over the elements of an array.
            CREATE FUNCTION tracedesk.field_problem(p_kind text, p_doc jsonb, p_path text[], p_from int, p_type text, p_required boolean,
                                                   p_allowed text[], p_max int, p_sizes boolean)
              RETURNS text[] LANGUAGE plpgsql STABLE AS $f$
            DECLARE
              v jsonb := p_doc;
              n int := coalesce(array_length(p_path, 1), 0);
              el record;
              r text[];
              s text;
              t text;
              ok boolean;
              name text := '';
            BEGIN
              FOR i IN p_from .. n LOOP
                IF p_path[i] = '*' THEN
                  t := jsonb_typeof(v);
                  -- The parent's own row says whether it must be there and be of its type.
                  IF t = 'array' THEN
                    FOR el IN SELECT u.x, '[' || (u.o - 1) || ']' AS k FROM jsonb_array_elements(v) WITH ORDINALITY AS u (x, o) LOOP
                      r := tracedesk.field_problem(p_kind, el.x, p_path, i + 1, p_type, p_required, p_allowed, p_max, p_sizes);
                      IF r IS NOT NULL THEN RETURN ARRAY[r[1], name || el.k || CASE WHEN r[2] = '' THEN '' ELSE '.' || r[2] END, r[3]]; END IF;
                    END LOOP;
                  ELSIF t = 'object' AND EXISTS (SELECT 1 FROM tracedesk.event_shapes sh WHERE sh.kind IN ('*', p_kind) AND sh.path = p_path[1 : i - 1] AND sh.type = 'map') THEN
                    FOR el IN SELECT u.x, '.' || left(u.k, 64) AS k FROM jsonb_each(v) AS u (k, x) ORDER BY u.k LOOP
                      r := tracedesk.field_problem(p_kind, el.x, p_path, i + 1, p_type, p_required, p_allowed, p_max, p_sizes);
                      IF r IS NOT NULL THEN RETURN ARRAY[r[1], name || el.k || CASE WHEN r[2] = '' THEN '' ELSE '.' || r[2] END, r[3]]; END IF;
                    END LOOP;
                  END IF;
                  RETURN NULL;
                END IF;
                -- A parent that is absent or not an object is its own row's problem.
                IF jsonb_typeof(v) IS DISTINCT FROM 'object' THEN RETURN NULL; END IF;
                v := v -> p_path[i];
                name := name || CASE WHEN name = '' THEN '' ELSE '.' END || p_path[i];
                IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
                  IF i = n AND p_required AND NOT p_sizes THEN RETURN ARRAY['bad-field', name, NULL]; END IF;
                  RETURN NULL;
                END IF;
              END LOOP;
              t := jsonb_typeof(v);
              IF p_max IS NOT NULL AND ((p_type = 'string' AND t = 'string' AND length(v #>> '{}') > p_max)
                  OR (p_type = 'array' AND t = 'array' AND jsonb_array_length(v) > p_max)
                  OR (p_type = 'map' AND t = 'object' AND (SELECT count(*) FROM jsonb_object_keys(v)) > p_max)) THEN
                RETURN ARRAY['too-long', name, p_max::text];
              END IF;
              IF p_sizes THEN RETURN NULL; END IF;
              IF t IN ('string', 'number', 'boolean') THEN s := v #>> '{}'; END IF;
              -- Into a variable: plpgsql's IF would end its condition at the CASE's first THEN.
              ok := CASE p_type
                  WHEN 'string' THEN t = 'string'
                  WHEN 'int' THEN CASE WHEN t = 'number' THEN s ~ '^-?[0-9]{1,15}$' ELSE false END
                  WHEN 'boolean' THEN t = 'boolean'
                  WHEN 'array' THEN t = 'array'
                  WHEN 'object' THEN t = 'object'
                  WHEN 'map' THEN CASE WHEN t = 'object' THEN NOT EXISTS (SELECT FROM jsonb_object_keys(v) k WHERE NOT tracedesk.is_day_text(k)) ELSE false END
                  WHEN 'day' THEN CASE WHEN t = 'string' THEN tracedesk.is_day_text(s) ELSE false END
                  WHEN 'time' THEN CASE WHEN t = 'string'
                    AND s ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z$'
                    THEN tracedesk.is_desk_day(left(s, 10)) ELSE false END
                  WHEN 'id' THEN CASE WHEN t = 'string' THEN s ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' ELSE false END
                  ELSE false END;
              IF NOT ok OR (p_allowed IS NOT NULL AND s IS NOT NULL AND NOT s = ANY (p_allowed)) THEN
                RETURN ARRAY['bad-field', name, NULL];
              END IF;
              RETURN NULL;
            END
            $f$
            """#,
            #"""
            -- The first key of an object at `p_path` (each element or value where it passes a `*`)
            -- that the shapes do not name, as a dotted name; NULL when there is none.
            CREATE FUNCTION tracedesk.unknown_field(p_kind text, p_doc jsonb, p_path text[], p_from int)
              RETURNS text LANGUAGE plpgsql STABLE AS $f$
            DECLARE
              v jsonb := p_doc;
              n int := coalesce(array_length(p_path, 1), 0);
              el record;
              r text;
              t text;
              k text;
              ks text[];
              name text := '';
            BEGIN
              FOR i IN p_from .. n LOOP
                IF p_path[i] = '*' THEN
                  t := jsonb_typeof(v);
                  IF t = 'array' THEN
                    FOR el IN SELECT u.x, '[' || (u.o - 1) || ']' AS k FROM jsonb_array_elements(v) WITH ORDINALITY AS u (x, o) LOOP
                      r := tracedesk.unknown_field(p_kind, el.x, p_path, i + 1);
                      IF r IS NOT NULL THEN RETURN name || el.k || CASE WHEN r = '' THEN '' ELSE '.' || r END; END IF;
                    END LOOP;
                  ELSIF t = 'object' AND EXISTS (SELECT 1 FROM tracedesk.event_shapes sh WHERE sh.kind IN ('*', p_kind) AND sh.path = p_path[1 : i - 1] AND sh.type = 'map') THEN
                    FOR el IN SELECT u.x, '.' || left(u.k, 64) AS k FROM jsonb_each(v) AS u (k, x) ORDER BY u.k LOOP
                      r := tracedesk.unknown_field(p_kind, el.x, p_path, i + 1);
                      IF r IS NOT NULL THEN RETURN name || el.k || CASE WHEN r = '' THEN '' ELSE '.' || r END; END IF;
                    END LOOP;
                  END IF;
                  RETURN NULL;
                END IF;
                IF jsonb_typeof(v) IS DISTINCT FROM 'object' THEN RETURN NULL; END IF;
                v := v -> p_path[i];
                name := name || CASE WHEN name = '' THEN '' ELSE '.' END || p_path[i];
              END LOOP;
              IF jsonb_typeof(v) IS DISTINCT FROM 'object' THEN RETURN NULL; END IF;
              ks := tracedesk.shape_keys(p_kind, p_path);
              SELECT x INTO k FROM jsonb_object_keys(v) x WHERE NOT x = ANY (ks) ORDER BY x LIMIT 1;
              IF k IS NULL THEN RETURN NULL; END IF;
              -- A name of a few words: the key is the sender's, and may be anything.
              RETURN name || CASE WHEN name = '' THEN '' ELSE '.' END || left(k, 64);
            END
            $f$
            """#,
            #"""
            -- Why an event does not fit, found by walking it (only an event that `shape_fits` refused
            -- is walked): arrays' lengths first, each before its elements', so a long array is
            -- refused by its length; then keys the shapes do not name; then fields as v2 named
            -- them, a text's length before its type.
            CREATE FUNCTION tracedesk.event_problem(p_e jsonb, p_kind text)
              RETURNS text[] LANGUAGE plpgsql STABLE AS $f$
            DECLARE
              r record;
              p text[];
              u text;
            BEGIN
              -- The lengths of arrays and maps (a text's length is its row's, in the last pass).
              FOR r IN SELECT s.path, s.type, s.required, s.allowed, l.value AS mx FROM tracedesk.event_shapes s
                       LEFT JOIN tracedesk.limits l ON l.name = coalesce(s.max_of, CASE WHEN s.type = 'string' THEN 'line' END)
                       WHERE s.kind IN ('*', p_kind) AND s.type IN ('array', 'map')
                       ORDER BY array_length(s.path, 1), s.path LOOP
                p := tracedesk.field_problem(p_kind, p_e, r.path, 1, r.type, r.required, r.allowed, r.mx, true);
                IF p IS NOT NULL THEN RETURN p; END IF;
              END LOOP;
              FOR r IN SELECT '{}'::text[] AS path UNION ALL
                       SELECT s.path FROM tracedesk.event_shapes s WHERE s.kind IN ('*', p_kind) AND s.type = 'object' ORDER BY 1 LOOP
                u := tracedesk.unknown_field(p_kind, p_e, r.path, 1);
                IF u IS NOT NULL THEN RETURN ARRAY['unknown-field', u, NULL]; END IF;
              END LOOP;
              FOR r IN SELECT s.path, s.type, s.required, s.allowed, l.value AS mx FROM tracedesk.event_shapes s
                       LEFT JOIN tracedesk.limits l ON l.name = coalesce(s.max_of, CASE WHEN s.type = 'string' THEN 'line' END)
                       WHERE s.kind IN ('*', p_kind) ORDER BY s.kind = '*' DESC, s.path LOOP
                p := tracedesk.field_problem(p_kind, p_e, r.path, 1, r.type, r.required, r.allowed, r.mx, false);
                IF p IS NOT NULL THEN RETURN p; END IF;
              END LOOP;
              RETURN NULL;
            END
            $f$
            """#,
            #"""
            -- The compiled test that `p_v` (not NULL) is of `p_type`, among `p_allowed` and within
            -- `p_max`: field_problem's, as one expression. CASE, not AND, so no test meets a value
            -- of another type (the day's arithmetic, a length of a number).
            CREATE FUNCTION tracedesk.shape_sql_value(p_v text, p_type text, p_allowed text[], p_max int) RETURNS text
              LANGUAGE plpgsql IMMUTABLE AS $f$
            DECLARE
              s text := '(' || p_v || ' #>> ''{}'')';
              json_type text := CASE p_type WHEN 'int' THEN 'number' WHEN 'day' THEN 'string' WHEN 'time' THEN 'string'
                                            WHEN 'id' THEN 'string' WHEN 'map' THEN 'object' ELSE p_type END;
              more text := CASE p_type
                WHEN 'int' THEN s || ' ~ ''^-?[0-9]{1,15}$'''
                WHEN 'day' THEN format('tracedesk.is_day_text(%s)', s)
                WHEN 'time' THEN format('CASE WHEN %s ~ %L THEN tracedesk.is_desk_day(left(%s, 10)) ELSE false END', s,
                  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z$', s)
                WHEN 'id' THEN format('%s ~ %L', s, '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')
                WHEN 'string' THEN CASE WHEN p_max IS NULL THEN 'true' ELSE format('length(%s) <= %s', s, p_max) END
                WHEN 'array' THEN CASE WHEN p_max IS NULL THEN 'true' ELSE format('jsonb_array_length(%s) <= %s', p_v, p_max) END
                WHEN 'map' THEN format('(SELECT count(*) <= %s AND bool_and(tracedesk.is_day_text(k)) FROM jsonb_object_keys(%s) k) IS NOT FALSE',
                                       coalesce(p_max, 2147483647), p_v)
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
            -- An object `p_v` (when it is one) has no key but `p_keys`.
            CREATE FUNCTION tracedesk.shape_sql_keys(p_v text, p_keys text[]) RETURNS text
              LANGUAGE sql IMMUTABLE AS $f$
                SELECT format('CASE WHEN jsonb_typeof(%1$s) = ''object'' THEN ((%1$s) - %2$L::text[]) = ''{}''::jsonb ELSE true END', p_v, p_keys)
              $f$
            """#,
            #"""
            -- v3's compiled shapes with v5's checks: the keys of every object the desk writes, the
            -- lengths of texts and arrays (an array's before its elements are walked), a map's days.
            CREATE OR REPLACE FUNCTION tracedesk.shape_sql(p_kind text, p_prefix text[], p_x text, p_depth int) RETURNS text
              LANGUAGE plpgsql STABLE SET search_path = tracedesk, pg_temp AS $f$
            DECLARE
              np int := coalesce(array_length(p_prefix, 1), 0);
              r record;
              parts text[] := '{}';
              n int;
              el text := 'e' || p_depth;
              v text;
            BEGIN
              IF np = 0 OR EXISTS (SELECT 1 FROM event_shapes s WHERE s.kind IN ('*', p_kind) AND s.path = p_prefix AND s.type = 'object') THEN
                parts := parts || shape_sql_keys(p_x, shape_keys(p_kind, p_prefix));
              END IF;
              FOR r IN SELECT s.path[np + 1 :] AS rel, s.type, s.required, s.allowed, shape_limit(s.type, s.max_of) AS mx FROM event_shapes s
                       WHERE s.kind IN ('*', p_kind) AND s.path[1 : np] = p_prefix AND NOT '*' = ANY (s.path[np + 1 :])
                       ORDER BY s.kind = '*' DESC, s.path LOOP
                n := coalesce(array_length(r.rel, 1), 0);
                v := shape_sql_along(p_x, r.rel);
                IF n = 0 THEN
                  -- The element itself (`p_x` is never NULL here; JSON null fits no type).
                  parts := parts || shape_sql_value(p_x, r.type, r.allowed, r.mx);
                ELSIF r.required THEN
                  parts := parts || format('CASE WHEN jsonb_typeof(%s) IS DISTINCT FROM ''object'' THEN true ELSE %s END',
                                           shape_sql_along(p_x, r.rel[1 : n - 1]), shape_sql_value(v, r.type, r.allowed, r.mx));
                ELSE
                  parts := parts || format('CASE WHEN coalesce(jsonb_typeof(%s), ''null'') = ''null'' THEN true ELSE %s END',
                                           v, shape_sql_value(v, r.type, r.allowed, r.mx));
                END IF;
                IF n > 0 AND r.type = 'object' THEN
                  parts := parts || shape_sql_keys(v, shape_keys(p_kind, p_prefix || r.rel));
                END IF;
              END LOOP;
              FOR r IN SELECT DISTINCT s.path[np + 1 : np + array_position(s.path[np + 1 :], '*') - 1] AS a FROM event_shapes s
                       WHERE s.kind IN ('*', p_kind) AND s.path[1 : np] = p_prefix AND '*' = ANY (s.path[np + 1 :])
                       ORDER BY 1 LOOP
                v := shape_sql_along(p_x, r.a);
                IF EXISTS (SELECT 1 FROM event_shapes s WHERE s.kind IN ('*', p_kind) AND s.path = p_prefix || r.a AND s.type = 'map') THEN
                  parts := parts || format(
                    'CASE WHEN jsonb_typeof(%1$s) = ''object'' THEN NOT EXISTS (SELECT FROM jsonb_each(%1$s) AS %2$s (k, x) WHERE (%3$s) IS NOT TRUE) ELSE true END',
                    v, el, shape_sql(p_kind, p_prefix || r.a || '{*}'::text[], el || '.x', p_depth + 1));
                ELSE
                  parts := parts || format(
                    'CASE WHEN jsonb_typeof(%1$s) = ''array'' THEN NOT EXISTS (SELECT FROM jsonb_array_elements(%1$s) AS %2$s (x) WHERE (%3$s) IS NOT TRUE) ELSE true END',
                    v, el, shape_sql(p_kind, p_prefix || r.a || '{*}'::text[], el || '.x', p_depth + 1));
                END IF;
              END LOOP;
              RETURN coalesce(array_to_string(parts, E'\n AND '), 'true');
            END
            $f$
            """#,
            #"""
            -- v3's compile, and the event's byte limit as a constant function (inlined: no query a save).
            CREATE OR REPLACE FUNCTION tracedesk.compile_shapes() RETURNS void
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
              EXECUTE format('CREATE OR REPLACE FUNCTION tracedesk.event_bytes_limit() RETURNS int LANGUAGE sql IMMUTABLE AS %L',
                             'SELECT ' || (SELECT l.value FROM limits l WHERE l.name = 'event_bytes'));
              REVOKE ALL ON FUNCTION tracedesk.event_bytes_limit() FROM PUBLIC;
            END
            $f$
            """#,
            #"""
            ALTER TABLE tracedesk.event_shapes ENABLE TRIGGER event_shapes_compiled
            """#,
            #"""
            SELECT tracedesk.compile_shapes()
            """#,
            #"""
            -- An admin who changes a limit changes what append checks, at once.
            CREATE TRIGGER limits_compiled AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tracedesk.limits
              FOR EACH STATEMENT EXECUTE FUNCTION tracedesk.shapes_changed()
            """#,
            #"""
            -- The whole event, on its text as it arrived: before it is parsed or walked.
            CREATE FUNCTION tracedesk.check_size(p_event text) RETURNS void
              LANGUAGE plpgsql AS $f$
            DECLARE
              n int := octet_length(p_event);
              mx int := tracedesk.event_bytes_limit();
            BEGIN
              IF n > mx THEN
                PERFORM tracedesk.refuse('too-large', '54000', format('the event is %s bytes; the server takes at most %s', n, mx),
                                         jsonb_build_object('bytes', n, 'limit', mx));
              END IF;
            END
            $f$
            """#,
            #"""
            -- A kind the shapes know, and every field as the desk writes it: one compiled expression
            -- for an event that fits; the walk, to name the field, for one that does not.
            CREATE FUNCTION tracedesk.check_shape(p_e jsonb, p_kind text) RETURNS void
              LANGUAGE plpgsql AS $f$
            DECLARE
              p text[];
            BEGIN
              -- `*` names the rows every kind shares, not a kind.
              IF p_kind = '*' THEN
                PERFORM tracedesk.refuse('unknown-kind', '22023', format('no kind of event is called %s', p_kind), jsonb_build_object('kind', p_kind));
              END IF;
              IF tracedesk.shape_fits(p_e, p_kind) THEN RETURN; END IF;
              IF NOT EXISTS (SELECT 1 FROM tracedesk.event_shapes s WHERE s.kind = p_kind) THEN
                PERFORM tracedesk.refuse('unknown-kind', '22023', format('no kind of event is called %s', p_kind), jsonb_build_object('kind', p_kind));
              END IF;
              -- Refused even when the walk names nothing: what the expression refuses is not stored.
              p := coalesce(tracedesk.event_problem(p_e, p_kind), ARRAY['bad-field', '', NULL]);
              IF p[1] = 'too-long' THEN
                PERFORM tracedesk.refuse('too-long', '22001', format('%s: the field %s is longer than the server takes (at most %s)', p_kind, p[2], p[3]),
                                         jsonb_build_object('kind', p_kind, 'field', p[2], 'limit', p[3]::int));
              ELSIF p[1] = 'unknown-field' THEN
                PERFORM tracedesk.refuse('unknown-field', '22023', format('%s: the field %s is not one the desk writes', p_kind, p[2]),
                                         jsonb_build_object('kind', p_kind, 'field', p[2]));
              ELSE
                PERFORM tracedesk.refuse('bad-field', '22023', format('%s: the field %s is missing or not as the desk writes it', p_kind, p[2]),
                                         jsonb_build_object('kind', p_kind, 'field', p[2]));
              END IF;
            END
            $f$
            """#,
            #"""
            -- Its time: a little ahead (clocks differ), or behind by what an outbox can hold.
            CREATE FUNCTION tracedesk.check_time(p_ts text) RETURNS timestamptz
              LANGUAGE plpgsql AS $f$
            DECLARE
              v_ts timestamptz := p_ts::timestamptz;
              v_ahead interval;
              v_behind interval;
            BEGIN
              SELECT max(s.value) FILTER (WHERE s.name = 'max_ahead'), max(s.value) FILTER (WHERE s.name = 'max_behind')
                INTO v_ahead, v_behind FROM tracedesk.settings s;
              IF v_ts > clock_timestamp() + v_ahead THEN
                PERFORM tracedesk.refuse('ts-ahead', '22023', format('the event is stamped %s, more than %s ahead of the server''s clock', p_ts, v_ahead),
                                         jsonb_build_object('ts', p_ts, 'minutes', (extract(epoch FROM v_ahead) / 60)::bigint));
              END IF;
              IF v_ts < now() - v_behind THEN
                PERFORM tracedesk.refuse('ts-behind', '22023', format('the event is stamped %s, more than %s ago; no outbox holds work that long', p_ts, v_behind),
                                         jsonb_build_object('ts', p_ts, 'hours', (extract(epoch FROM v_behind) / 3600)::bigint));
              END IF;
              RETURN v_ts;
            END
            $f$
            """#,
            appendV5,
            #"""
            REVOKE ALL ON FUNCTION tracedesk.shape_limit(text, text), tracedesk.shape_keys(text, text[]), tracedesk.is_day_text(text),
              tracedesk.field_problem(text, jsonb, text[], int, text, boolean, text[], int, boolean),
              tracedesk.unknown_field(text, jsonb, text[], int), tracedesk.event_problem(jsonb, text),
              tracedesk.shape_sql_value(text, text, text[], int), tracedesk.shape_sql_keys(text, text[]),
              tracedesk.check_size(text), tracedesk.check_shape(jsonb, text), tracedesk.check_time(text) FROM PUBLIC
            """#,
            #"""
            REVOKE ALL ON tracedesk.limits FROM PUBLIC
            """#,
            #"""
            -- Anyone may read what the server checks (the desk and a curious tracer alike).
            GRANT SELECT ON tracedesk.limits TO tracedesk_tracer, tracedesk_lead, tracedesk_data
            """#,
        ]
    }

    /// The interview draft's fields as the desk writes them (`InterviewDraft`), under `prefix`.
    /// All but its case and rule set (rows since v2) may be absent: a draft's shape grows release
    /// by release, and a field it lacks takes its default.
    static func draftRows(kind: String, under prefix: [String]) -> String {
        let text = ["confirmedName", "confirmedNik", "confirmedPhone", "consent", "symptomatic", "onset", "specimen", "isolation",
                    "pendingPlace", "pendingPerson"]
        let contactText = ["name", "phone", "nik", "nikMissingReason", "sex", "age", "relationship", "setting",
                           "firstExposure", "lastExposure", "criterion", "notes"]
        var rows: [(String, String, Bool, [String]?)] = [
            ("step", "object", false, nil), ("step,identity", "object", false, nil), ("step,symptoms", "object", false, nil),
            ("step,day", "object", false, nil), ("step,day,_0", "day", true, nil), ("step,contacts", "object", false, nil),
            ("step,review", "object", false, nil),
            ("newestFirst", "boolean", false, nil), ("nextContactNumber", "int", false, nil),
            ("days", "map", false, nil), ("days,*", "object", true, nil),
            ("days,*,visits", "array", false, nil), ("days,*,visits,*", "object", true, nil),
            ("days,*,visits,*,kind", "string", true, PlaceKind.allCases.map(\.rawValue)), ("days,*,visits,*,place", "string", true, nil),
            ("days,*,met", "array", false, nil), ("days,*,met,*", "string", true, nil), ("days,*,nothingToRecord", "boolean", false, nil),
            ("contacts", "array", false, nil), ("contacts,*", "object", true, nil), ("contacts,*,id", "string", true, nil),
            ("contacts,*,exposureDays", "array", false, nil), ("contacts,*,exposureDays,*", "day", true, nil),
        ]
        rows += text.map { ($0, "string", false, nil) }
        rows += contactText.map { ("contacts,*," + $0, "string", false, nil) }
        let base = prefix.joined(separator: ",")
        return "INSERT INTO tracedesk.event_shapes (kind, path, type, required, allowed) VALUES\n" + rows.map { r in
            let allowed = r.3.map { "'{" + $0.joined(separator: ",") + "}'" } ?? "NULL"
            return "  ('\(kind)', '{\(base),\(r.0)}', '\(r.1)', \(r.2), \(allowed))"
        }.joined(separator: ",\n")
    }
}
