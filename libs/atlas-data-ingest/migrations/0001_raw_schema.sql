-- raw.*: one table per ingest source, replaced whole by every successful load, and the load log.
-- The migration runner itself creates schema raw and raw._migrations before the first file runs.

create table raw._loads (
    load_id        bigserial primary key,
    source         text not null,
    started_at     timestamptz not null default now(),
    finished_at    timestamptz,
    rows           int,
    payload_sha256 text,
    status         text not null check (status in ('running', 'succeeded', 'failed')),
    error          text
);

create index _loads_source_started_at on raw._loads (source, started_at desc);

comment on table raw._loads is 'One row per `atlas-ingest ingest <source>` run: running, then succeeded (in the data transaction) or failed (in a transaction of its own).';

-- The data tables carry no keys or foreign keys: raw is the payload as loaded, checked by the
-- loader's validation and by dbt's tests, and a constraint per row would slow COPY down.

create table raw.kommuner (
    kommunenummer text not null,
    kommunenavn   text not null,
    valid_from    date,
    _load_id      bigint not null,
    _loaded_at    timestamptz not null
);

create table raw.ssb_population (
    kommunenummer text not null,
    year          int not null,
    population    int,
    _load_id      bigint not null,
    _loaded_at    timestamptz not null
);

create table raw.ssb_crime (
    kommunenummer     text not null,
    year              int not null,
    offence_group     text not null,
    offences_per_1000 numeric,
    _load_id          bigint not null,
    _loaded_at        timestamptz not null
);

create table raw.fhi_life_expectancy (
    kommunenummer   text not null,
    period          text not null,
    sex             text not null,
    life_expectancy numeric,
    _load_id        bigint not null,
    _loaded_at      timestamptz not null
);

create table raw.brreg_enheter (
    organisasjonsnummer text not null,
    navn                text not null,
    organisasjonsform   text not null,
    naeringskode        text,
    antall_ansatte      int,
    kommunenummer       text not null,
    stiftelsesdato      date,
    _load_id            bigint not null,
    _loaded_at          timestamptz not null
);

create table raw.nav_unemployment (
    kommunenummer           text not null,
    month                   date not null,
    registered_unemployed   int,
    percent_of_labour_force numeric,
    _load_id                bigint not null,
    _loaded_at              timestamptz not null
);
