with

kommuner as (

    -- The classification's 9999 "Uoppgitt" is a code, not a kommune.
    select * from {{ ref('stg_kommuner') }}
    where region_kind = 'kommune'

),

fylker as (

    select * from {{ ref('fylker') }}

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
