"""The assessment pages' forms, one module per audience."""
