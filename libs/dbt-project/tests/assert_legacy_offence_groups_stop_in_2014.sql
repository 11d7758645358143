-- Rule: table 08487 keeps the offence groups of the grouping used until 2014 beside today's; their
-- figures stop at 2013-2014 and the marts leave them out on purpose (seed offence_groups, grouping
-- legacy). A legacy group with a figure for a later period means SSB revived or recoded it: decide
-- what it is before it is published or dropped.

select
    crime.offence_group_code,
    crime.period,
    count(*) as rows_affected

from {{ ref('stg_ssb_crime') }} as crime
inner join {{ ref('offence_groups') }} as groups
    on crime.offence_group_code = groups.offence_group_code
where groups.grouping = 'legacy'
    and crime.period_start_year > 2013
    and (crime.reported_offences is not null or crime.offences_per_1000 is not null)
group by 1, 2
