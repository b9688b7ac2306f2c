"""One pipeline for every spreadsheet import: upload (checked, stored with its dry run) →
preview → confirm once under a row lock (planned again, applied, audited, file deleted) or
discard; uploads never confirmed are purged.

An import is a concrete model inheriting ``StoredUpload`` (its ``importer`` names a class with
``read``, ``plan`` and ``apply``), a form and URLs on the views of ``views.py``. Nothing here imports a
domain: the imports are found among the installed models (``registry.py``).
"""
