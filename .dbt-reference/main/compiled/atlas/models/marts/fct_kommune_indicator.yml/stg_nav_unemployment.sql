
-- Fixture for stg_nav_unemployment
select 
    
    cast('5001' as text)
 as "kommunenummer", 
    
    cast('2024-03-01' as date)
 as "unemployment_month", 
    
    cast(2150 as integer)
 as "registered_unemployed", 
    
    cast(1.9 as numeric)
 as "unemployment_percent", cast(null as bigint) as "_load_id", cast(null as timestamp with time zone) as "_loaded_at"