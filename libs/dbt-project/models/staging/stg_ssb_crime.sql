with

source as (

    select * from {{ source('raw', 'ssb_crime') }}

),

renamed as (

    select

        ---------- ids
        trim(region_code) as region_code,
        {{ region_kind('trim(region_code)') }} as region_kind,
        case when {{ region_kind('trim(region_code)') }} = 'kommune' then trim(region_code) end as kommunenummer,
        trim(offence_group_code) as offence_group_code,
        -- Tid is a two-year period, "2023-2024"; its figures are averages over the two years.
        trim(period) as period,
        split_part(trim(period), '-', 1)::int as period_start_year,
        split_part(trim(period), '-', 2)::int as period_end_year,

        ---------- text
        region_label,
        offence_group_label,

        ---------- numbers
        reported_offences,
        offences_per_1000,

        ---------- load bookkeeping
        _load_id,
        _loaded_at

    from source

)

select * from renamed
