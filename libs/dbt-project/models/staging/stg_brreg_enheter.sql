with

source as (

    select * from {{ source('raw', 'brreg_enheter') }}

),

renamed as (

    select

        ---------- ids
        trim(organisasjonsnummer) as organisation_number,
        -- The business address's kommune; null for a unit without a business address in Norway.
        case when kommunenummer is not null then {{ normalize_kommunenummer('kommunenummer') }} end as kommunenummer,
        trim(organisasjonsform) as organisation_form,
        -- SN2025 (NACE Rev. 2.1) since 2026.
        nullif(trim(naeringskode), '') as industry_code,

        ---------- text
        navn as organisation_name,

        ---------- numbers and flags
        -- The register publishes a headcount from 5; below, it shows only that one is registered.
        antall_ansatte as employee_count,
        har_registrert_antall_ansatte as has_registered_employees,
        case
            when not har_registrert_antall_ansatte then 'none registered'
            when antall_ansatte is null then 'under 5 (hidden)'
            else 'published'
        end as headcount,

        ---------- dates
        stiftelsesdato as founded_on,

        ---------- load bookkeeping
        _load_id,
        _loaded_at

    from source

)

select * from renamed
