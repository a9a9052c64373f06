"""Oogst's search: a Dutch lunr index built at build time, read by lunr.js with lunr.nl, and the
page /zoeken/. Runs after the harvest plugin, whose entries it indexes."""


def register():
    from pelican import signals

    from .generator import SearchGenerator

    def get_generators(pelican):
        return SearchGenerator

    register.receivers = (get_generators,)  # Pelican keeps weak references only
    signals.get_generators.connect(get_generators)
