
-- Fixture for stg_fhi_life_expectancy
select 
    
    cast('4601' as text)
 as "kommunenummer", 
    
    cast('2016-2022' as text)
 as "period", 
    
    cast('female' as text)
 as "sex", cast(null as text) as "sex_as_loaded", 
    
    cast(84.6 as numeric)
 as "life_expectancy", cast(null as bigint) as "_load_id", cast(null as timestamp with time zone) as "_loaded_at"
union all
select 
    
    cast('4601' as text)
 as "kommunenummer", 
    
    cast('2016-2022' as text)
 as "period", 
    
    cast('male' as text)
 as "sex", cast(null as text) as "sex_as_loaded", 
    
    cast(81.0 as numeric)
 as "life_expectancy", cast(null as bigint) as "_load_id", cast(null as timestamp with time zone) as "_loaded_at"