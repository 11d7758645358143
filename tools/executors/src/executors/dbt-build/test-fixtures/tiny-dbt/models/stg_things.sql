select id as thing_id, name, colour_id from {{ source('raw', 'things') }}
