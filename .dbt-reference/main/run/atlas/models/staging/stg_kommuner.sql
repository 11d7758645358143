
  create view "atlas"."staging"."stg_kommuner__dbt_tmp"
    
    
  as (
    with

source as (

    select * from "atlas"."raw"."kommuner"

),

renamed as (

    select

        ---------- ids
        lpad(trim(kommunenummer), 4, '0') as kommunenummer,
        left(lpad(trim(kommunenummer), 4, '0'), 2) as fylkesnummer,

        ---------- text
        trim(kommunenavn) as kommunenavn,

        ---------- dates
        valid_from,

        ---------- load bookkeeping
        _load_id,
        _loaded_at

    from source

)

select * from renamed
  );