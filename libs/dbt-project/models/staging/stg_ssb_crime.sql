with

source as (

    select * from {{ source('raw', 'ssb_crime') }}

),

renamed as (

    select

        ---------- ids
        {{ normalize_kommunenummer('kommunenummer') }} as kommunenummer,
        year as crime_year,
        trim(offence_group) as offence_group,

        ---------- numbers
        offences_per_1000,

        ---------- load bookkeeping
        _load_id,
        _loaded_at

    from source

)

select * from renamed
