"""Reading files: YAML with positions, located problems, units and number formatting."""
