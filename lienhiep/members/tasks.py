# Background tasks of the member registry (large imports) arrive with the import feature.
