
-- Fixture for stg_ssb_crime
select 
    
    cast('0301' as text)
 as "kommunenummer", 
    
    cast(2023 as integer)
 as "crime_year", 
    
    cast('Alle lovbruddsgrupper' as text)
 as "offence_group", 
    
    cast(77.4 as numeric)
 as "offences_per_1000", cast(null as bigint) as "_load_id", cast(null as timestamp with time zone) as "_loaded_at"
union all
select 
    
    cast('0301' as text)
 as "kommunenummer", 
    
    cast(2023 as integer)
 as "crime_year", 
    
    cast('Vold og mishandling' as text)
 as "offence_group", 
    
    cast(7.9 as numeric)
 as "offences_per_1000", cast(null as bigint) as "_load_id", cast(null as timestamp with time zone) as "_loaded_at"
union all
select 
    
    cast('5601' as text)
 as "kommunenummer", 
    
    cast(2023 as integer)
 as "crime_year", 
    
    cast('Skadeverk' as text)
 as "offence_group", 
    
    cast(null as numeric)
 as "offences_per_1000", cast(null as bigint) as "_load_id", cast(null as timestamp with time zone) as "_loaded_at"
union all
select 
    
    cast('5601' as text)
 as "kommunenummer", 
    
    cast(2023 as integer)
 as "crime_year", 
    
    cast('Ukjent gruppe' as text)
 as "offence_group", 
    
    cast(1.5 as numeric)
 as "offences_per_1000", cast(null as bigint) as "_load_id", cast(null as timestamp with time zone) as "_loaded_at"