"""Theme dossiers, organisations and regions (issue 19, points 5–8)."""
