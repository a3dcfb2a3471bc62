"""The archive-scale benchmark: a generated outlet archive imported and measured on every surface."""
