

with

kommuner as (

    select * from "atlas"."marts"."dim_kommune"

),

latest_population as (

    select distinct on (kommunenummer)
        kommunenummer,
        value as population,
        period as population_year

    from "atlas"."marts"."fct_kommune_indicator"
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