select id as colour_id, name as colour from {{ source('raw', 'colours') }}
