"""Modal screens: the article viewer, saved conversations, and the keys."""
