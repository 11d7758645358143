with

source as (

    select * from "atlas"."raw"."ssb_crime"

),

renamed as (

    select

        ---------- ids
        lpad(trim(kommunenummer), 4, '0') as kommunenummer,
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