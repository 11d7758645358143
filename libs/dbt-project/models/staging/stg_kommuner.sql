with

source as (

    select * from {{ source('raw', 'kommuner') }}

),

renamed as (

    select

        ---------- ids
        {{ normalize_kommunenummer('kommunenummer') }} as kommunenummer,
        left({{ normalize_kommunenummer('kommunenummer') }}, 2) as fylkesnummer,
        -- KLASS 131 lists 9999 "Uoppgitt" beside the kommuner: a code, not a place.
        {{ region_kind(normalize_kommunenummer('kommunenummer')) }} as region_kind,

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
