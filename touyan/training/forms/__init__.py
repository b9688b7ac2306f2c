"""Forms of the training domain, one module per part of the course."""
