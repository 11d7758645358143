
  create view "atlas"."api_v1"."kommune_businesses__dbt_tmp"
    
    
      
  as (
    

with

businesses as (

    select * from "atlas"."marts"."fct_kommune_indicator"
    where indicator_id in ('business_count', 'business_employees')

),

latest_snapshot as (

    select max(period) as period from businesses

),

pivoted as (

    select
        businesses.kommunenummer,
        max(businesses.value) filter (where businesses.indicator_id = 'business_count') as organisation_count,
        max(businesses.value) filter (where businesses.indicator_id = 'business_employees') as employee_count

    from businesses
    inner join latest_snapshot
        on businesses.period = latest_snapshot.period
    group by businesses.kommunenummer

),

kommuner as (

    select * from "atlas"."marts"."dim_kommune"

),

final as (

    select
        pivoted.kommunenummer::text as kommunenummer,
        kommuner.kommunenavn::text as kommunenavn,
        pivoted.organisation_count::integer as organisation_count,
        pivoted.employee_count::integer as employee_count

    from pivoted
    inner join kommuner
        on pivoted.kommunenummer = kommuner.kommunenummer

)

select * from final
  );