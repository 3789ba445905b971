"""Template tags of the dossiers app."""
