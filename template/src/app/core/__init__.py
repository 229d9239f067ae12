"""Cross-cutting services every module may use. Core never imports `app.modules`."""
