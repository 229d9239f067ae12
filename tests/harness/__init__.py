"""The kit's test harness: servers, variants, rendering and running generated projects."""
