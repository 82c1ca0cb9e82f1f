"""The stack itself: model, reader, dependency graph, lenses, navigation, descriptions."""
