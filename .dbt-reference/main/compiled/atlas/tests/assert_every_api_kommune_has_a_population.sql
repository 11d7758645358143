-- Business rule: the reference list and SSB's population table describe the same kommuner. A kommune
-- in the API without a population count means the two sources disagree on the municipality
-- structure (a merger or split one of them has not caught up with): the API would show an empty page.

select
    kommunenummer,
    kommunenavn

from "atlas"."api_v1"."kommuner"
where population is null