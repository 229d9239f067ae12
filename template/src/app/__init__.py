"""The service package. `app.main:create_app` is the entry point."""
