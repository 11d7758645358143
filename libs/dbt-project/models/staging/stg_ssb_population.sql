with

source as (

    select * from {{ source('raw', 'ssb_population') }}

),

renamed as (

    select

        ---------- ids
        {{ normalize_kommunenummer('kommunenummer') }} as kommunenummer,
        year as population_year,

        ---------- numbers
        population,

        ---------- load bookkeeping
        _load_id,
        _loaded_at

    from source

)

select * from renamed
