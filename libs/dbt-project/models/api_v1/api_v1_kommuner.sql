{#
    GET /v1/kommuner: every kommune with its county and its latest population count.
    The view's name is `kommuner` (alias in the yml); the model is prefixed because dbt names
    must be unique across the project.
#}

with

kommuner as (

    select * from {{ ref('dim_kommune') }}

),

latest_population as (

    select distinct on (kommunenummer)
        kommunenummer,
        value as population,
        period as population_year

    from {{ ref('fct_kommune_indicator') }}
    where indicator_id = 'population'
    order by kommunenummer, period desc

),

final as (

    select
        kommuner.kommunenummer::text as kommunenummer,
        kommuner.kommunenavn::text as kommunenavn,
        kommuner.fylkesnummer::text as fylkesnummer,
        kommuner.fylkesnavn::text as fylkesnavn,
        latest_population.population::integer as population,
        latest_population.population_year::integer as population_year

    from kommuner
    left join latest_population
        on kommuner.kommunenummer = latest_population.kommunenummer

)

select * from final
