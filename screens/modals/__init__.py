"""Modal screens: confirmations, errors, the export viewer."""
