-- Demo data for the local stack (scripts/stack.sh seed). Run on the primary as postgres, db pdns.
-- Idempotent: a zone that already exists is left untouched.
-- Stored the way PowerDNS's gpgsql backend stores records: lowercase names without trailing dot,
-- CNAME/NS/MX targets without trailing dot, TXT content in double quotes, auth=true, ordername NULL.
\set ON_ERROR_STOP on
BEGIN;

CREATE TEMP TABLE demo_words ON COMMIT DROP AS
SELECT ARRAY['amber','brave','calm','clever','cosmic','crimson','daring','dusty','eager','electric',
             'fancy','fearless','frosty','gentle','golden','happy','hidden','icy','jolly','keen',
             'lively','lucky','lunar','mellow','misty','noble','quiet','rapid','rustic','shiny',
             'silent','silver','sleepy','snowy','solar','spicy','steady','stormy','sunny','swift',
             'tidy','urban','vivid','wandering','warm','wild','windy','wise','young','zesty'] AS adj,
       ARRAY['otter','falcon','badger','beaver','bison','cheetah','cobra','coyote','crane','dolphin',
             'eagle','ferret','finch','fox','gazelle','gecko','heron','ibis','jaguar','koala',
             'lemur','leopard','lynx','marmot','moose','narwhal','ocelot','osprey','panda','panther',
             'pelican','penguin','puffin','quokka','rabbit','raven','salmon','seal','sparrow','stork',
             'tapir','tiger','toucan','turtle','viper','walrus','weasel','wolf','yak','zebra'] AS animal;

-- one zone: SOA, NS, edges (A + AAAA), n tunnel CNAMEs
CREATE FUNCTION pg_temp.demo_zone(zone text, soa_min int, soa_ttl int, n int, tunnel_ttl int,
                                  hex_suffix boolean) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  d int;
  serial text := to_char(current_date, 'YYYYMMDD') || '01';
BEGIN
  IF EXISTS (SELECT 1 FROM domains WHERE name = zone) THEN
    RETURN NULL;
  END IF;
  INSERT INTO domains (name, type) VALUES (zone, 'NATIVE') RETURNING id INTO d;

  INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, ordername, auth) VALUES
    (d, zone, 'SOA', format('ns1.tunnel.test hostmaster.tunnel.test %s 10800 3600 604800 %s', serial, soa_min), soa_ttl, NULL, false, NULL, true),
    (d, zone, 'NS', 'ns1.tunnel.test', 3600, NULL, false, NULL, true),
    (d, zone, 'NS', 'ns2.tunnel.test', 3600, NULL, false, NULL, true),
    (d, 'us.edge.' || zone, 'A',    CASE WHEN zone LIKE 'free.%' THEN '192.0.2.10'    ELSE '192.0.2.20'    END, 300, NULL, false, NULL, true),
    (d, 'us.edge.' || zone, 'AAAA', CASE WHEN zone LIKE 'free.%' THEN '2001:db8:10::10' ELSE '2001:db8:10::20' END, 300, NULL, false, NULL, true),
    (d, 'eu.edge.' || zone, 'A',    CASE WHEN zone LIKE 'free.%' THEN '198.51.100.10' ELSE '198.51.100.20' END, 300, NULL, false, NULL, true),
    (d, 'eu.edge.' || zone, 'AAAA', CASE WHEN zone LIKE 'free.%' THEN '2001:db8:20::10' ELSE '2001:db8:20::20' END, 300, NULL, false, NULL, true),
    (d, 'ap.edge.' || zone, 'A',    CASE WHEN zone LIKE 'free.%' THEN '203.0.113.10'  ELSE '203.0.113.20'  END, 300, NULL, false, NULL, true),
    (d, 'ap.edge.' || zone, 'AAAA', CASE WHEN zone LIKE 'free.%' THEN '2001:db8:30::10' ELSE '2001:db8:30::20' END, 300, NULL, false, NULL, true);

  -- Tunnel names: <adjective>-<animal>-<suffix>.<zone>. The suffix is a bijection of i
  -- (multiplier coprime with the modulus), so every name is unique and the list looks random.
  INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, ordername, auth)
  SELECT d,
         w.adj[1 + (i * 37 + i / 50) % 50] || '-' || w.animal[1 + (i * 13 + i / 7) % 50] || '-' ||
           CASE WHEN hex_suffix THEN lpad(to_hex((i * 40503 + 4099) % 65536), 4, '0')
                ELSE lpad(((i * 7919 + 1234) % 10000)::text, 4, '0') END
           || '.' || zone,
         'CNAME',
         CASE WHEN i % 10 < 5 THEN 'us' WHEN i % 10 < 8 THEN 'eu' ELSE 'ap' END || '.edge.' || zone,
         tunnel_ttl, 0, false, NULL, true
  FROM generate_series(0, n - 1) AS i, demo_words AS w;

  RETURN d;
END $$;

SELECT coalesce(pg_temp.demo_zone('free.tunnel.test', 10, 60, 10000, 30, true)::text, '') AS free_id \gset
SELECT coalesce(pg_temp.demo_zone('pro.tunnel.test', 60, 300, 1000, 60, false)::text, '') AS pro_id \gset

-- pro extras: mail, SPF, DMARC, a verification token.
-- MX (and SRV) the way PowerDNS 4.7's API writes them through gpgsql: the priority in prio and the
-- rest in content (content "mx1.pro.tunnel.test", prio 10). gpgsql prepends a non-NULL prio to the
-- content of MX/SRV when answering; "10 mx1..." with prio NULL is served too, but pdnsutil
-- check-zone warns on it ("Parsed and original record content are not equal").
INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, ordername, auth)
SELECT d.id, v.name, v.type, v.content, v.ttl, v.prio, false, NULL, true
FROM domains d,
     (VALUES ('pro.tunnel.test', 'MX', 'mx1.pro.tunnel.test', 3600, 10),
             ('pro.tunnel.test', 'MX', 'mx2.pro.tunnel.test', 3600, 20),
             ('mx1.pro.tunnel.test', 'A', '192.0.2.25', 3600, NULL),
             ('mx2.pro.tunnel.test', 'A', '198.51.100.25', 3600, NULL),
             ('pro.tunnel.test', 'TXT', '"v=spf1 -all"', 3600, NULL),
             ('_dmarc.pro.tunnel.test', 'TXT', '"v=DMARC1; p=reject"', 3600, NULL),
             ('pro.tunnel.test', 'TXT', '"tunnel-site-verification=3f9c2a7e5b1d4c8f"', 3600, NULL))
       AS v(name, type, content, ttl, prio)
WHERE d.id = NULLIF(:'pro_id', '')::int;

COMMIT;
SELECT CASE WHEN :'free_id' = '' THEN 'free.tunnel.test: exists, skipped' ELSE 'free.tunnel.test: created' END AS r
UNION ALL
SELECT CASE WHEN :'pro_id' = '' THEN 'pro.tunnel.test: exists, skipped' ELSE 'pro.tunnel.test: created' END;
