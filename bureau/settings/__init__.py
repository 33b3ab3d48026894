"""Settings package: base holds everything, the others adjust it for one use."""
