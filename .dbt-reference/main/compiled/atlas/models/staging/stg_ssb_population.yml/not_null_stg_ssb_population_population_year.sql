
    
    



select population_year
from "atlas"."staging"."stg_ssb_population"
where population_year is null


