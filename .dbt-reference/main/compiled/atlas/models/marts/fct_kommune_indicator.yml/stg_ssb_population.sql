
-- Fixture for stg_ssb_population
select 
    
    cast('0301' as text)
 as "kommunenummer", 
    
    cast(2024 as integer)
 as "population_year", 
    
    cast(717710 as integer)
 as "population", cast(null as bigint) as "_load_id", cast(null as timestamp with time zone) as "_loaded_at"