with

source as (

    select * from "atlas"."raw"."fhi_life_expectancy"

),

renamed as (

    select

        ---------- ids
        lpad(trim(kommunenummer), 4, '0') as kommunenummer,
        -- FHI's codes write a period as 2016_2022, its labels as 2016-2022: one form from here on.
        replace(trim(period), '_', '-') as period,
        -- FHI labels sex in Norwegian, and the API's codes are numbers; one spelling from here on.
        case lower(trim(sex))
            when 'kjønn samlet' then 'total'
            when 'begge kjønn' then 'total'
            when 'alle' then 'total'
            when 'total' then 'total'
            when '0' then 'total'
            when 'menn' then 'male'
            when 'mann' then 'male'
            when 'male' then 'male'
            when '1' then 'male'
            when 'kvinner' then 'female'
            when 'kvinne' then 'female'
            when 'female' then 'female'
            when '2' then 'female'
        end as sex,
        trim(sex) as sex_as_loaded,

        ---------- numbers
        life_expectancy,

        ---------- load bookkeeping
        _load_id,
        _loaded_at

    from source

)

select * from renamed