
  create view "atlas"."staging"."stg_nav_unemployment__dbt_tmp"
    
    
  as (
    with

source as (

    select * from "atlas"."raw"."nav_unemployment"

),

renamed as (

    select

        ---------- ids
        lpad(trim(kommunenummer), 4, '0') as kommunenummer,
        -- NAV publishes per month; keep the first day whatever day the file carries.
        date_trunc('month', month)::date as unemployment_month,

        ---------- numbers
        registered_unemployed,
        percent_of_labour_force as unemployment_percent,

        ---------- load bookkeeping
        _load_id,
        _loaded_at

    from source

)

select * from renamed
  );