{#
    The grain test: no two rows share the same values in `columns`. dbt's own `unique` takes one
    column; our staging and mart grains are composite (kommune × year × ...). Fails with one row per
    duplicated key and how often it occurs.
#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
