"""Jobs of the platform itself; every file here is imported by the worker (`app.worker`)."""
