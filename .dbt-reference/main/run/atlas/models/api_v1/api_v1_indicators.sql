
  create view "atlas"."api_v1"."indicators__dbt_tmp"
    
    
      
  as (
    -- GET /v1/indicators: the catalogue of indicators a client can ask for.

with

indicators as (

    select * from "atlas"."marts"."indicators"

),

final as (

    select
        indicator_id::text as indicator_id,
        name::text as name,
        unit::text as unit,
        source_id::text as source_id,
        description::text as description

    from indicators

)

select * from final
  );