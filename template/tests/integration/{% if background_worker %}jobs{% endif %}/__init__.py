"""Background jobs, run by a real worker in burst mode against real Redis and PostgreSQL."""
