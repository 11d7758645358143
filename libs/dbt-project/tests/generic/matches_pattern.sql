{#
    Every non-null value of the column matches a PostgreSQL regular expression: the form a code
    must have once staging has normalized it (a four-digit kommunenummer, a two-year period).
    Fails with the values that do not.
#}
{% test matches_pattern(model, column_name, pattern) %}

select
    {{ column_name }} as value,
    count(*) as occurrences
from {{ model }}
where {{ column_name }} is not null
    and {{ column_name }}::text !~ '{{ pattern }}'
group by 1

{% endtest %}
