"""Test and development helpers: an Ollama-protocol server and the small test GGUF model."""
