"""People affected per place (issue 14, point 1): identifiers of one scan clustered into distinct data subjects
from keyed hashes only (see pdscan.people.cluster), counted per place and per activity (pdscan.people.affected)."""
