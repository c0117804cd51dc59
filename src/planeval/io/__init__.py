"""Loading and writing plan files, without the evaluation engine.

:mod:`~planeval.io.json_text` reads and writes exact JSON text,
:mod:`~planeval.io.converter` turns it into the typed model, and
:mod:`~planeval.io.plan_files` puts the two together for plan files.
"""
