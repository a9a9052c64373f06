"""Oogst's harvest plugin: the content model as first-class Pelican content.

Imports happen in register() so that `python -m harvest validate` does not load Pelican."""


def register():
    from pelican import signals

    from .generator import HarvestGenerator
    from .reader import HarvestReader
    from .sitemap import connect as connect_sitemap
    from .tree import guard_static_copies

    def add_reader(readers):
        readers.reader_classes["md"] = HarvestReader

    def get_generators(pelican):
        return HarvestGenerator

    # Pelican keeps weak references to receivers: keep ours alive with the module.
    register.receivers = (add_reader, get_generators, guard_static_copies, *connect_sitemap(signals))
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(get_generators)
    signals.static_generator_finalized.connect(guard_static_copies)
