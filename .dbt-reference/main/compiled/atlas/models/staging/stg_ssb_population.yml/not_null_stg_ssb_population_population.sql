
    
    



select population
from "atlas"."staging"."stg_ssb_population"
where population is null


