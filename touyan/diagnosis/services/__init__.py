"""The rotation's writes: planning (``rotation``) and each visit (``visits``)."""
