# Background tasks of the organisation tree: none yet (every operation is small enough to run in the request).
