with

kommuner as (

    select * from "atlas"."staging"."stg_kommuner"

),

fylker as (

    select * from "atlas"."marts"."fylker"

),

joined as (

    select
        kommuner.kommunenummer,
        kommuner.kommunenavn,
        kommuner.fylkesnummer,
        -- A left join, so a kommune of an unknown county stays visible (and fails not_null below)
        -- instead of disappearing from every page of the API.
        fylker.fylkesnavn

    from kommuner
    left join fylker
        on kommuner.fylkesnummer = fylker.fylkesnummer

)

select * from joined