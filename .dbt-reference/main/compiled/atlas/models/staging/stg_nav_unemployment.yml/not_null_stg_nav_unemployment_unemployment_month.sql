
    
    



select unemployment_month
from "atlas"."staging"."stg_nav_unemployment"
where unemployment_month is null


