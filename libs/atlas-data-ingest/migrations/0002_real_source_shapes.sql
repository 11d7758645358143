-- The raw tables in the shapes the publishers really send, and abandoned loads.
--
-- raw.* holds each payload as published: region codes as the source writes them (SSB's K-0301,
-- FHI's GEO codes, NAV's row labels), roll-ups and "unknown" buckets included. dbt's staging models
-- normalize and classify them; only the marts decide what a kommune is. The tables whose columns
-- change are dropped and created again: raw.* is replaced whole by every load, so the next load of
-- each source fills its table (until then the marts dbt built keep their rows).

drop table raw.ssb_population;
create table raw.ssb_population (
    region_code   text not null,
    year          int not null,
    population    int,
    _load_id      bigint not null,
    _loaded_at    timestamptz not null
);
comment on column raw.ssb_population.region_code is 'Region of table 07459 with codelist agg_KommSummer, as SSB writes it (K-0301).';

drop table raw.ssb_crime;
create table raw.ssb_crime (
    region_code         text not null,
    region_label        text not null,
    offence_group_code  text not null,
    offence_group_label text not null,
    period              text not null,
    reported_offences   numeric,
    offences_per_1000   numeric,
    _load_id            bigint not null,
    _loaded_at          timestamptz not null
);
comment on column raw.ssb_crime.region_code is 'Gjerningssted of table 08487 as SSB writes it: kommuner, former kommuner, counties, XX99 unknown, 0 / Ialt totals.';
comment on column raw.ssb_crime.period is 'Tid of table 08487: a two-year period, 2023-2024.';

drop table raw.fhi_life_expectancy;
create table raw.fhi_life_expectancy (
    geo_code        text not null,
    period_code     text not null,
    sex_code        text not null,
    life_expectancy numeric,
    _load_id        bigint not null,
    _loaded_at      timestamptz not null
);
comment on column raw.fhi_life_expectancy.geo_code is 'GEO of FHI table 660 as FHI writes it: 0 the country, 2-digit counties, 4-digit kommuner.';

drop table raw.brreg_enheter;
create table raw.brreg_enheter (
    organisasjonsnummer           text not null,
    navn                          text not null,
    organisasjonsform             text not null,
    naeringskode                  text,
    antall_ansatte                int,
    har_registrert_antall_ansatte boolean not null,
    kommunenummer                 text,
    stiftelsesdato                date,
    _load_id                      bigint not null,
    _loaded_at                    timestamptz not null
);
comment on column raw.brreg_enheter.antall_ansatte is 'antallAnsatte; the register hides headcounts under 5 (then only har_registrert_antall_ansatte is true).';
comment on column raw.brreg_enheter.kommunenummer is 'forretningsadresse.kommunenummer; null for a unit without a business address in Norway.';

drop table raw.nav_unemployment;
create table raw.nav_unemployment (
    region_label            text not null,
    month                   date not null,
    registered_unemployed   int,
    percent_of_labour_force numeric,
    _load_id                bigint not null,
    _loaded_at              timestamptz not null
);
comment on column raw.nav_unemployment.region_label is 'Row label of HL060 as NAV writes it: "0301 Oslo - Oslove", "I alt Oslo - Oslove" (a county total) or "Ukjent".';

-- A load whose process died before it finished.
alter table raw._loads drop constraint _loads_status_check;
alter table raw._loads add constraint _loads_status_check
    check (status in ('running', 'succeeded', 'failed', 'abandoned'));
comment on table raw._loads is 'One row per `atlas-ingest ingest <source>` run: running, then succeeded (in the data transaction), failed (in a transaction of its own), or abandoned (its process died; marked by the next load or migrate).';

-- The key of the session advisory lock a live load of `source` holds (atlas-ingest's source-lock.ts
-- takes pg_advisory_lock(hashtext('atlas-ingest:' || source))).
create function raw.source_lock_key(source text) returns bigint
    language sql immutable
    as $$ select hashtext('atlas-ingest:' || source)::bigint $$;

-- True while a live session of this database holds the source's lock: a 'running' load without
-- one is abandoned. A bigint advisory key shows in pg_locks as classid (high 32 bits) and objid
-- (low 32 bits) with objsubid 1.
create function raw.source_load_is_live(source text) returns boolean
    language sql stable
    as $$
        select exists (
            select 1
            from pg_locks
            where locktype = 'advisory'
              and granted
              and objsubid = 1
              and database = (select oid from pg_database where datname = current_database())
              and ((classid::bigint << 32) | objid::bigint) = raw.source_lock_key(source)
        )
    $$;
