
-- Fixture for offence_groups
select 
    
    cast('Alle lovbruddsgrupper' as text)
 as "offence_group", 
    
    cast('total' as text)
 as "offence_group_id"
union all
select 
    
    cast('Vold og mishandling' as text)
 as "offence_group", 
    
    cast('violence' as text)
 as "offence_group_id"
union all
select 
    
    cast('Skadeverk' as text)
 as "offence_group", 
    
    cast('criminal_damage' as text)
 as "offence_group_id"