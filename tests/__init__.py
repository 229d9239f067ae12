"""The kit's harness: proves every generated variant passes its own checks."""
