{#
    A kommunenummer is always four digits, but paths through CSV or spreadsheets drop the leading
    zero of 0301 Oslo (and a fixed-width field may carry spaces). Every staging model reads the
    number through this, so the marts join on one spelling.
#}
{% macro normalize_kommunenummer(column) -%}
    lpad(trim({{ column }}), 4, '0')
{%- endmacro %}
