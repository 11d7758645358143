{{ config(enabled=var('fixture_expectations', false)) }}
-- Data-fidelity gate, run where the database holds the recorded fixtures (dbt-build): for every
-- kommune of the bulk fixture, api_v1.kommune_businesses serves as many organisations as the file
-- holds units with a business address there, and the sum of their published headcounts, counted
-- by scripts/fidelity/fixture-expectations.ts straight from the file. Nothing is capped.

with

expected as (

    select
        kommunenummer,
        max(value) filter (where indicator_id = 'organisation_count') as organisation_count,
        max(value) filter (where indicator_id = 'employee_count') as employee_count
    from fidelity.expected_api_values
    where relation = 'kommune_businesses'
    group by kommunenummer

),

served as (

    select * from {{ ref('api_v1_kommune_businesses') }}

)

select
    coalesce(expected.kommunenummer, served.kommunenummer) as kommunenummer,
    expected.organisation_count as fixture_organisations,
    served.organisation_count as api_organisations,
    expected.employee_count as fixture_employees,
    served.employee_count as api_employees

from expected
full outer join served
    on expected.kommunenummer = served.kommunenummer
-- A kommune of the file that is not on the reference list is not served (the API's kommuner are
-- the reference list's); every other difference is a failure.
where (served.kommunenummer is null and expected.kommunenummer in (select kommunenummer from {{ ref('dim_kommune') }}))
    or expected.kommunenummer is null
    or expected.organisation_count <> served.organisation_count
    or expected.employee_count <> served.employee_count

-- No figures loaded means nothing was compared: that fails too.
union all
select 'none', null, null, null, null
where not exists (select 1 from expected)
