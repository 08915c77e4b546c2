"""Reports: templates, documents of sections and blocks, the figure values behind their tokens."""
