#!/bin/bash
# What `server migrate`'s report of stored events costs: a throwaway PostgreSQL 15 cluster on
# loopback (port 55761), schema made by this build, the frozen fixture journal loaded and copied
# 10,000 times (190,000 events, 20,000 of them filings), then the report's query timed twice.
# Run from the repository's root as root (PostgreSQL runs as the postgres user), after
# `swift build -c release`, under the build lock:
#   flock -o /tmp/tracedesk-build.lock bash scripts/measure-migrate-report.sh
set -e
BIN=/usr/lib/postgresql/15/bin
D=$(mktemp -d); chown postgres "$D"
runuser -u postgres -- $BIN/initdb -D "$D/data" --locale=C.UTF-8 -A trust >/dev/null
runuser -u postgres -- $BIN/pg_ctl -D "$D/data" -l "$D/log" -w -o "-c listen_addresses=127.0.0.1 -p 55761 -k $D -c synchronous_commit=off" start >/dev/null
trap 'runuser -u postgres -- $BIN/pg_ctl -D "$D/data" -m fast -w stop >/dev/null; rm -rf "$D"' EXIT
P="psql -X -q -t -A -h 127.0.0.1 -p 55761 -U postgres"
$P -d postgres -c "CREATE DATABASE td"
U="postgresql://postgres@127.0.0.1:55761/td?sslmode=disable"
export HOME=$D
.build/release/tracedesk server init --store "$U"
.build/release/tracedesk server add-team T --area Menteng --store "$U"
cp Tests/TracedeskJournalTests/Fixtures/journal-v2-numbered.jsonl $D/j.jsonl; chmod 600 $D/j.jsonl
.build/release/tracedesk server load $D/j.jsonl --team T --store "$U"
$P -d td -c "WITH r AS (SELECT e.team, e.seq + k * 100 AS seq, gen_random_uuid()::text AS nid, e.case_id, e.kind, e.actor, e.at, e.event
    FROM tracedesk.events e, generate_series(1, 10000) k)
  INSERT INTO tracedesk.events (team, seq, id, case_id, kind, actor, at, event)
  SELECT team, seq, nid, case_id, kind, actor, at, jsonb_set(event::jsonb, '{id}', to_jsonb(nid))::text FROM r"
$P -d td -c "SELECT kind, count(*) FROM tracedesk.events GROUP BY 1 ORDER BY 1"
$P -d td -c "VACUUM ANALYZE tracedesk.events"
$P -d td -c "SELECT pg_size_pretty(pg_total_relation_size('tracedesk.events'))"
for i in 1 2; do
  /usr/bin/time -f "report query: %e s" $P -d td -c "SELECT kind, tracedesk.stored_refusal(event), count(*) FROM tracedesk.events GROUP BY 1, 2 ORDER BY 1, 2" 
done
/usr/bin/time -f "events read alone (jsonb parse): %e s" $P -d td -c "SELECT count(*) FROM tracedesk.events WHERE event::jsonb IS NULL"
