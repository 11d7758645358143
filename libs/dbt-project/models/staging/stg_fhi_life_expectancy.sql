with

source as (

    select * from {{ source('raw', 'fhi_life_expectancy') }}

),

renamed as (

    select

        ---------- ids
        trim(geo_code) as geo_code,
        {{ region_kind('trim(geo_code)') }} as region_kind,
        case when {{ region_kind('trim(geo_code)') }} = 'kommune' then trim(geo_code) end as kommunenummer,
        -- FHI codes a period as 1999_2023 and labels it 1999-2023: the label's form from here on.
        replace(trim(period_code), '_', '-') as period,
        split_part(trim(period_code), '_', 1)::int as period_start_year,
        split_part(trim(period_code), '_', 2)::int as period_end_year,
        -- KJONN is coded 0 (both sexes), 1 (men), 2 (women).
        case trim(sex_code)
            when '0' then 'total'
            when '1' then 'male'
            when '2' then 'female'
        end as sex,
        trim(sex_code) as sex_code,

        ---------- numbers
        life_expectancy,

        ---------- load bookkeeping
        _load_id,
        _loaded_at

    from source

)

select * from renamed
