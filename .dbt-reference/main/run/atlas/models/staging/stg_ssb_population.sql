
  create view "atlas"."staging"."stg_ssb_population__dbt_tmp"
    
    
  as (
    with

source as (

    select * from "atlas"."raw"."ssb_population"

),

renamed as (

    select

        ---------- ids
        lpad(trim(kommunenummer), 4, '0') as kommunenummer,
        year as population_year,

        ---------- numbers
        population,

        ---------- load bookkeeping
        _load_id,
        _loaded_at

    from source

)

select * from renamed
  );