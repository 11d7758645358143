with

source as (

    select * from {{ source('raw', 'nav_unemployment') }}

),

renamed as (

    select

        ---------- ids
        -- HL060 labels its rows "0301 Oslo - Oslove" (a kommune, or 2100 Svalbard), "I alt ..." (a
        -- county total) or "Ukjent" (persons NAV cannot place).
        trim(region_label) as region_label,
        case
            when trim(region_label) ~ '^[0-9]{4} ' then {{ region_kind("substring(trim(region_label) from '^[0-9]{4}')") }}
            when trim(region_label) ~ '^I alt ' then 'county total'
            when trim(region_label) = 'Ukjent' then 'unknown'
            else 'other'
        end as region_kind,
        substring(trim(region_label) from '^([0-9]{4}) ') as kommunenummer,
        -- NAV publishes per month; keep the first day whatever day the file carries.
        date_trunc('month', month)::date as unemployment_month,

        ---------- numbers (null where NAV suppresses a figure under 4 persons)
        registered_unemployed,
        percent_of_labour_force as unemployment_percent,

        ---------- load bookkeeping
        _load_id,
        _loaded_at

    from source

)

select * from renamed
