with

source as (

    select * from {{ source('raw', 'ssb_population') }}

),

renamed as (

    select

        ---------- ids
        -- agg_KommSummer answers K-0301: the kommunenummer without the grouping's prefix.
        {{ strip_region_prefix('region_code') }} as kommunenummer,
        region_code as region_code_as_loaded,
        year as population_year,

        ---------- numbers
        population,

        ---------- load bookkeeping
        _load_id,
        _loaded_at

    from source

)

select * from renamed
