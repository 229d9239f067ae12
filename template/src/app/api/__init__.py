"""HTTP surface: the versioned API router and dependencies shared by every module."""
