
-- Fixture for indicators
select 
    
    cast('population' as text)
 as "indicator_id", cast(null as text) as "name", 
    
    cast('persons' as text)
 as "unit", cast(null as text) as "source_id", cast(null as text) as "description"
union all
select 
    
    cast('crime_per_1000_total' as text)
 as "indicator_id", cast(null as text) as "name", 
    
    cast('offences per 1000 residents' as text)
 as "unit", cast(null as text) as "source_id", cast(null as text) as "description"
union all
select 
    
    cast('crime_per_1000_violence' as text)
 as "indicator_id", cast(null as text) as "name", 
    
    cast('offences per 1000 residents' as text)
 as "unit", cast(null as text) as "source_id", cast(null as text) as "description"
union all
select 
    
    cast('life_expectancy_female' as text)
 as "indicator_id", cast(null as text) as "name", 
    
    cast('years' as text)
 as "unit", cast(null as text) as "source_id", cast(null as text) as "description"
union all
select 
    
    cast('life_expectancy_male' as text)
 as "indicator_id", cast(null as text) as "name", 
    
    cast('years' as text)
 as "unit", cast(null as text) as "source_id", cast(null as text) as "description"
union all
select 
    
    cast('unemployment_percent' as text)
 as "indicator_id", cast(null as text) as "name", 
    
    cast('percent of labour force' as text)
 as "unit", cast(null as text) as "source_id", cast(null as text) as "description"
union all
select 
    
    cast('unemployed_persons' as text)
 as "indicator_id", cast(null as text) as "name", 
    
    cast('persons' as text)
 as "unit", cast(null as text) as "source_id", cast(null as text) as "description"