"""Oogst's search: a Dutch lunr index built at build time, read by lunr.js with lunr.nl, and the
page /zoeken/. Runs after the harvest plugin, whose entries it indexes."""


def register():
    from pelican import signals

    from harvest.state import bound
    from harvest.state import of as state_of

    from .generator import SearchGenerator

    def get_generators(pelican):  # bound to the build state of this Pelican instance
        return bound(SearchGenerator, state_of(pelican))

    register.receivers = (get_generators,)  # Pelican keeps weak references only
    signals.get_generators.connect(get_generators)
