"""Oogst's harvest plugin: the content model as first-class Pelican content.

Imports happen in register() so that `python -m harvest validate` does not load Pelican."""


def register():
    import logging

    from pelican import signals

    from .content.guard import guard_static_copies
    from .integration.generator import connect
    from .integration.reader import HarvestReader
    from .report import WithoutTraceback

    def add_reader(readers):
        readers.reader_classes["md"] = HarvestReader

    # Pelican keeps weak references to receivers: keep ours alive with the module.
    register.receivers = (add_reader, guard_static_copies, *connect(signals))
    signals.readers_init.connect(add_reader)
    signals.static_generator_finalized.connect(guard_static_copies)
    # `pelican` ends a build that raised with logger.critical(..., exc_info=True): no traceback
    # for problems in the content, which were reported at their lines.
    pelican_log = logging.getLogger("pelican")
    if not any(isinstance(f, WithoutTraceback) for f in pelican_log.filters):
        pelican_log.addFilter(WithoutTraceback())


def __getattr__(name):
    # PELICAN_CLASS = "harvest.HarvestPelican": Pelican looks the class up on the top-level module.
    if name == "HarvestPelican":
        from .integration.build import HarvestPelican

        return HarvestPelican
    raise AttributeError(name)
