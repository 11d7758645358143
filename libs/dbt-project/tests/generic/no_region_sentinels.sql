{#
    The data-fidelity gate of every per-kommune relation: its kommunenummer is a kommune of the
    reference list, never one of the codes the sources carry for something else (national and
    county totals, the 9999 / XX99 / Ukjent "unknown" buckets, Svalbard, a former kommune's
    number). A relation may hold such rows only in a column that says what they are, not as a
    kommune. Fails with each offending code and how often it occurs.
#}
{% test no_region_sentinels(model, column_name) %}

with

candidates as (

    select {{ column_name }} as kommunenummer from {{ model }}

),

reference as (

    select kommunenummer from {{ ref('stg_kommuner') }} where region_kind = 'kommune'

)

select
    candidates.kommunenummer,
    {{ region_kind('candidates.kommunenummer') }} as region_kind,
    count(*) as occurrences
from candidates
left join reference
    on candidates.kommunenummer = reference.kommunenummer
where candidates.kommunenummer is null
    or {{ region_kind('candidates.kommunenummer') }} <> 'kommune'
    or reference.kommunenummer is null
group by 1, 2

{% endtest %}
