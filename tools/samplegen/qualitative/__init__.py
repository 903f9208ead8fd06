"""Banks of themed answer fragments, one module per sample structure (see ``_qualitative``)."""
