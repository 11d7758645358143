with

source as (

    select * from {{ source('raw', 'kommuner') }}

),

renamed as (

    select

        ---------- ids
        {{ normalize_kommunenummer('kommunenummer') }} as kommunenummer,
        left({{ normalize_kommunenummer('kommunenummer') }}, 2) as fylkesnummer,

        ---------- text
        trim(kommunenavn) as kommunenavn,

        ---------- dates
        valid_from,

        ---------- load bookkeeping
        _load_id,
        _loaded_at

    from source

)

select * from renamed
