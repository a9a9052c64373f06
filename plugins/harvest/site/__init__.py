"""What the site is, with no Pelican: its addresses (`routes.py`), the relations between entries
(`relations.py`), listings' facets (`facets.py`), events in time (`events.py`), earlier addresses
(`aliases.py`), the relation drawings (`graph.py` lays out, `drawing.py` draws) and the list of pages
(`pages.py`)."""
