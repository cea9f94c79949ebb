"""Reading, cleaning, chunking and syncing articles into the index."""
