{{ config(enabled=var('fixture_expectations', false)) }}
-- Data-fidelity gate, run where the database holds the recorded fixtures (dbt-build): for the
-- reference kommuner, every figure the API serves equals the figure in the fixture it came from, as
-- read by scripts/fidelity/fixture-expectations.ts, which parses the fixture files on its own (not
-- with the ingest's readers) into fidelity.expected_api_values, a table of that run only (no dbt
-- source: it must not exist for the deployed project). A figure missing on either side, or
-- differing, is a row here.

with

expected as (

    select * from fidelity.expected_api_values
    where relation = 'kommune_indicators'

),

served as (

    select kommunenummer, indicator_id, period, value
    from {{ ref('api_v1_kommune_indicators') }}
    where kommunenummer in (select distinct kommunenummer from expected)
        and indicator_id in (select distinct indicator_id from expected)

)

select
    coalesce(expected.kommunenummer, served.kommunenummer) as kommunenummer,
    coalesce(expected.indicator_id, served.indicator_id) as indicator_id,
    coalesce(expected.period, served.period) as period,
    expected.value as fixture_value,
    served.value as api_value

from expected
full outer join served
    on expected.kommunenummer = served.kommunenummer
    and expected.indicator_id = served.indicator_id
    and expected.period = served.period
where expected.value is null
    or served.value is null
    or expected.value <> served.value

-- No figures loaded means nothing was compared: that fails too.
union all
select 'none', null, null, null, null
where not exists (select 1 from expected)
