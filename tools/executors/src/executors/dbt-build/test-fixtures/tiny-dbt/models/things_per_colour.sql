{{ config(materialized='table') }}
with things as (select * from {{ ref('stg_things') }}),
colours as (select * from {{ ref('stg_colours') }})
select colours.colour, count(things.thing_id) as things
from colours left join things using (colour_id)
group by colours.colour
