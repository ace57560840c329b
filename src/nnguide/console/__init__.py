"""What the command line prints: the fit report as text, and progress on long work."""
