with

source as (

    select * from "atlas"."raw"."brreg_enheter"

),

renamed as (

    select

        ---------- ids
        trim(organisasjonsnummer) as organisation_number,
        lpad(trim(kommunenummer), 4, '0') as kommunenummer,
        trim(organisasjonsform) as organisation_form,
        nullif(trim(naeringskode), '') as industry_code,

        ---------- text
        navn as organisation_name,

        ---------- numbers
        antall_ansatte as employee_count,

        ---------- dates
        stiftelsesdato as founded_on,

        ---------- load bookkeeping
        _load_id,
        _loaded_at

    from source

)

select * from renamed