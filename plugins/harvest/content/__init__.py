"""Reading and checking contributors' files, with no Pelican: the front matter (`document.py`),
Markdown to safe HTML (`markup.py`, `gfm.py`) within a time budget (`budget.py`), the untrusted
tree's guard (`guard.py`), the rules (`validate.py`, `sitelinks.py`) and running them over a tree
(`loader.py`, `reading.py`)."""
