"""The application state: Qt-free, one object every view reads and calls (napari's ViewerModel idea)."""
