"""Where the record behind a proposed incident lives: the domains that propose incidents (the duty roster) register a
resolver here, so the incident's page links back to its evidence. Discipline imports none of them.

    from discipline.sources import register_source
    register_source("dutyroster", evidence_of)   # evidence_of(incident) -> (label, url) or None
"""

_resolvers = {}


def register_source(source, resolver):
    """`resolver(incident)` returns (label, url) of the record the incident came from, or None."""
    _resolvers[source] = resolver


def evidence_of(incident):
    resolver = _resolvers.get(incident.source)
    return resolver(incident) if resolver is not None else None
