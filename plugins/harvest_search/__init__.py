"""Oogst's search: a Dutch lunr index built at build time, read by lunr.js with lunr.nl, and the
page /zoeken/. Runs after the harvest plugin, whose entries it indexes."""


def register():
    from pelican import signals

    from harvest.state import bound
    from harvest.state import of as state_of

    from .generator import SearchGenerator

    def get_generators(pelican):  # bound to the build state of this Pelican instance
        return bound(SearchGenerator, state_of(pelican))

    def all_generators_finalized(generators):  # every context complete: the index's last inputs
        for generator in generators:
            if isinstance(generator, SearchGenerator):
                generator.send_later()

    register.receivers = (get_generators, all_generators_finalized)  # Pelican keeps weak references only
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(all_generators_finalized)
