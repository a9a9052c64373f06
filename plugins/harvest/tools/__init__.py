"""What people run besides a build, never imported by one: `python -m harvest validate` (`cli.py`),
a new entry (`scaffold.py`), files derived from the model (`derived.py`) and the live preview
(`preview.py`, `serving.py`)."""
