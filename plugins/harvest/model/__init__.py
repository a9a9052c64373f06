"""The contract, with no input or output: the seven types (`types.py`), their JSON Schemas
(`schema.py`) and every message people read about their entries (`messages.py`)."""
